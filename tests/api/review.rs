//! The review queue, decisions, second reviews, notifications and figures, through real HTTP on
//! SQLite and PostgreSQL. Items are seeded straight into the database as the pre-check leaves
//! them, except where the test is about uploads.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use checkpoint::auth::Role;
use checkpoint::db::decisions::{DecidedUpdate, DecisionRow};
use checkpoint::db::schema::{decisions, figure_hours, jobs, verifications};
use checkpoint::db::types::Id;
use checkpoint::db::verifications::{flag_column, VerificationRow};
use checkpoint::db::{self, Db};
use checkpoint::verification::model::{DocumentType, Status};
use checkpoint::verification::provider;
use chrono::Utc;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::both_backends;
use crate::documents;
use crate::helpers::{assert_error, spawn_app, spawn_app_with, Backend, TestApp};

both_backends!(
    thirty_two_reviewers_decide_two_thousand_items_exactly_once,
    claims_are_ordered_filtered_renewed_released_and_expire,
    decisions_need_the_claim_and_a_fitting_reason,
    request_more_keeps_the_case_open_for_the_next_upload,
    second_reviews_are_blind_and_feed_the_figures,
    figures_of_closed_hours_are_kept_and_made_again_when_a_decision_moves,
    notifications_wait_for_the_webhook_and_arrive_once_each,
    undeliverable_notifications_end_as_dead_letters,
    lapsing_licences_return_to_the_queue_once,
);

/// An item as the pre-check leaves it: waiting for review.
pub fn waiting_item(
    provider: &str,
    document_type: DocumentType,
    risk: i32,
    flags: &[&str],
    age_minutes: i64,
) -> VerificationRow {
    let at = Utc::now().naive_utc() - chrono::Duration::minutes(age_minutes);
    let flag_list: Vec<Value> = flags
        .iter()
        .map(|f| json!({"code": f, "severity": "medium", "message": f}))
        .collect();
    VerificationRow {
        status: Status::PendingReview,
        file_sha256: "0".repeat(64),
        file_type: "png".to_owned(),
        file_size: 1,
        precheck: Some(json!({ "flags": flag_list, "risk_score": risk, "checked_at": Utc::now(), "analysis": null }).to_string()),
        risk_score: Some(risk),
        flags: flag_column(flags.iter().copied()),
        ..VerificationRow::submitted(provider.to_owned(), document_type, "test".to_owned(), at)
    }
}

pub async fn seed(db: &Db, items: Vec<VerificationRow>) -> Vec<String> {
    let ids = items.iter().map(|i| i.id.to_string()).collect();
    db.run(move |conn| {
        db::write_transaction(conn, |conn| {
            items
                .iter()
                .try_for_each(|item| db::verifications::insert(conn, item))
        })
    })
    .await
    .unwrap();
    ids
}

async fn claim(app: &TestApp, token: &str, filter: Option<Value>) -> Option<Value> {
    let mut request = app
        .client
        .post(app.url("/v1/review/claim"))
        .bearer_auth(token);
    if let Some(filter) = filter {
        request = request.json(&filter);
    }
    let response = request.send().await.unwrap();
    match response.status().as_u16() {
        200 => Some(response.json().await.unwrap()),
        204 => None,
        other => panic!("claim answered {other}: {}", response.text().await.unwrap()),
    }
}

async fn decide(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.post_json(&format!("/v1/verifications/{id}/decision"), token, &body)
        .await
}

async fn status_of(db: &Db, id: &str) -> String {
    let id = id.to_owned();
    db.run(move |conn| {
        Ok(verifications::table
            .find(id)
            .select(verifications::status)
            .first::<String>(conn)?)
    })
    .await
    .unwrap()
}

async fn expire_claims(db: &Db) {
    let past = Utc::now().naive_utc() - chrono::Duration::minutes(1);
    db.run(move |conn| {
        diesel::update(verifications::table.filter(verifications::status.eq("in_review")))
            .set(verifications::claim_expires_at.eq(past))
            .execute(conn)?;
        Ok(())
    })
    .await
    .unwrap();
}

async fn thirty_two_reviewers_decide_two_thousand_items_exactly_once(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.db_pool_size = 16).await;
    let items = (0..2000)
        .map(|n| {
            waiting_item(
                &format!("p{n}"),
                DocumentType::BusinessRegistration,
                (n % 7) * 10,
                &[],
                i64::from(n % 500),
            )
        })
        .collect();
    seed(&app.db, items).await;
    let app = Arc::new(app);
    let mut reviewers = Vec::new();
    for _ in 0..32 {
        let (app, token) = (app.clone(), app.token(Role::Reviewer).await);
        reviewers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(item) = claim(&app, &token, None).await {
                let id = item["id"].as_str().unwrap().to_owned();
                let response = decide(&app, &token, &id, json!({"decision": "approve"})).await;
                assert_eq!(
                    response.status().as_u16(),
                    201,
                    "{}",
                    response.text().await.unwrap()
                );
                mine.push(id);
            }
            mine
        }));
    }
    let mut claimed = Vec::new();
    for reviewer in reviewers {
        claimed.extend(reviewer.await.unwrap());
    }
    let distinct: HashSet<&String> = claimed.iter().collect();
    assert_eq!(claimed.len(), 2000, "every item claimed once in all");
    assert_eq!(distinct.len(), 2000, "no item handed to two reviewers");
    let (decided, per_item, approved) = app
        .db
        .run(|conn| {
            let decided: i64 = decisions::table.count().get_result(conn)?;
            let per_item: Vec<(String, i64)> = decisions::table
                .group_by(decisions::verification_id)
                .select((decisions::verification_id, diesel::dsl::count_star()))
                .load(conn)?;
            let approved: i64 = verifications::table
                .filter(verifications::status.eq("approved"))
                .count()
                .get_result(conn)?;
            Ok((decided, per_item, approved))
        })
        .await
        .unwrap();
    assert_eq!((decided, approved), (2000, 2000));
    assert!(
        per_item.iter().all(|(_, n)| *n == 1),
        "every item decided exactly once"
    );
}

async fn claims_are_ordered_filtered_renewed_released_and_expire(backend: Backend) {
    let app = spawn_app(backend).await;
    let ids = seed(
        &app.db,
        vec![
            waiting_item("p1", DocumentType::BusinessRegistration, 10, &[], 300),
            waiting_item(
                "p2",
                DocumentType::BusinessRegistration,
                55,
                &["number_mismatch"],
                5,
            ),
            waiting_item("p3", DocumentType::License, 10, &["license_expired"], 60),
        ],
    )
    .await;
    let (a, b, c) = (
        app.token(Role::Reviewer).await,
        app.token(Role::Reviewer).await,
        app.token(Role::Senior).await,
    );

    // The queue lists counts per type and flag and the oldest item's age.
    let queue: Value = app
        .get("/v1/review/queue", Some(&a))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["waiting"], 3);
    assert!(queue["oldest_waiting_age_seconds"].as_i64().unwrap() >= 299 * 60);
    let next: Vec<&str> = queue["next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        next,
        [ids[1].as_str(), ids[0].as_str(), ids[2].as_str()],
        "riskiest first, then oldest"
    );
    let flagged: Value = app
        .get("/v1/review/queue?flag=license_expired", Some(&a))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(flagged["next"].as_array().unwrap().len(), 1);
    assert!(flagged["by_flag"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["key"] == "number_mismatch" && f["waiting"] == 1));
    assert_eq!(
        assert_error(app.get("/v1/review/queue?limit=9999", Some(&a)).await, 400).await,
        "invalid_limit"
    );
    assert_eq!(
        assert_error(
            app.get("/v1/review/queue?document_type=passport", Some(&a))
                .await,
            400
        )
        .await,
        "invalid_query"
    );

    // Filters narrow the claim; the riskiest item goes first, then the oldest.
    let licence = claim(&app, &a, Some(json!({"document_type": "license"})))
        .await
        .unwrap();
    assert_eq!(licence["id"], ids[2].as_str());
    assert_eq!(licence["status"], "in_review");
    assert!(claim(&app, &a, Some(json!({"flag": "license_expired"})))
        .await
        .is_none());
    let first = claim(&app, &b, None).await.unwrap();
    assert_eq!(first["id"], ids[1].as_str());
    let second = claim(&app, &c, None).await.unwrap();
    assert_eq!(second["id"], ids[0].as_str());
    assert!(
        claim(&app, &a, None).await.is_none(),
        "nothing is handed out twice"
    );

    // Renewing moves the lease on; only the holder may renew or release.
    let before = first["claim"]["expires_at"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(20)).await;
    let renewed: Value = app
        .post_json(&format!("/v1/review/{}/renew", ids[1]), &b, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert!(renewed["expires_at"].as_str().unwrap() > before.as_str());
    assert_eq!(
        assert_error(
            app.post_json(&format!("/v1/review/{}/renew", ids[1]), &a, &json!({}))
                .await,
            409
        )
        .await,
        "not_claimed"
    );
    assert_eq!(
        assert_error(
            app.post_json(&format!("/v1/review/{}/release", ids[1]), &a, &json!({}))
                .await,
            409
        )
        .await,
        "not_claimed"
    );
    let released = app
        .post_json(&format!("/v1/review/{}/release", ids[1]), &b, &json!({}))
        .await;
    assert_eq!(released.status().as_u16(), 204);
    assert_eq!(status_of(&app.db, &ids[1]).await, "pending_review");
    assert_eq!(
        claim(&app, &a, None).await.unwrap()["id"],
        ids[1].as_str(),
        "a released item is claimable again"
    );

    // An expired lease returns the item to the queue; its old holder can neither renew nor decide.
    expire_claims(&app.db).await;
    assert_eq!(
        assert_error(
            app.post_json(&format!("/v1/review/{}/renew", ids[0]), &c, &json!({}))
                .await,
            409
        )
        .await,
        "claim_expired"
    );
    assert_eq!(
        assert_error(
            decide(&app, &c, &ids[0], json!({"decision": "approve"})).await,
            409
        )
        .await,
        "claim_expired"
    );
    let retaken = claim(&app, &b, None).await.unwrap();
    assert_eq!(retaken["id"], ids[1].as_str());
    assert_eq!(
        assert_error(
            decide(&app, &c, &ids[0], json!({"decision": "approve"})).await,
            409
        )
        .await,
        "not_claimed"
    );

    // Bad bodies and missing rights.
    let raw = |body: &'static str| {
        app.client
            .post(app.url("/v1/review/claim"))
            .bearer_auth(&a)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    assert_eq!(
        assert_error(raw("{").await.unwrap(), 400).await,
        "invalid_json"
    );
    assert_eq!(
        assert_error(raw(r#"{"colour": "red"}"#).await.unwrap(), 400).await,
        "invalid_body"
    );
    assert_eq!(
        assert_error(raw(r#"{"flag": "x' OR 1=1 --"}"#).await.unwrap(), 400).await,
        "invalid_flag"
    );
    let platform = app.token(Role::Platform).await;
    assert_eq!(
        assert_error(
            app.post_json("/v1/review/claim", &platform, &json!({}))
                .await,
            403
        )
        .await,
        "forbidden"
    );
    assert_eq!(
        assert_error(
            app.client
                .post(app.url("/v1/review/claim"))
                .send()
                .await
                .unwrap(),
            401
        )
        .await,
        "unauthorized"
    );
    assert_eq!(
        assert_error(
            app.post_json("/v1/review/not-a-uuid/renew", &a, &json!({}))
                .await,
            400
        )
        .await,
        "invalid_id"
    );
    assert_eq!(
        assert_error(
            app.post_json(&format!("/v1/review/{}/release", Id::new()), &a, &json!({}))
                .await,
            404
        )
        .await,
        "not_found"
    );

    // Claims and releases are in the audit log.
    let audit: Value = app
        .get("/v1/audit?limit=100", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"verification.claimed") && actions.contains(&"verification.released"),
        "{actions:?}"
    );
}

async fn decisions_need_the_claim_and_a_fitting_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let ids = seed(
        &app.db,
        (0..3)
            .map(|n| {
                waiting_item(
                    &format!("p{n}"),
                    DocumentType::BusinessRegistration,
                    0,
                    &[],
                    3 - n,
                )
            })
            .collect(),
    )
    .await;
    let (a, b) = (
        app.token(Role::Reviewer).await,
        app.token(Role::Reviewer).await,
    );
    assert_eq!(
        assert_error(
            decide(&app, &a, &ids[0], json!({"decision": "approve"})).await,
            409
        )
        .await,
        "not_claimed"
    );
    let item = claim(&app, &a, None).await.unwrap();
    let id = item["id"].as_str().unwrap();
    assert_eq!(
        assert_error(
            decide(&app, &b, id, json!({"decision": "approve"})).await,
            409
        )
        .await,
        "not_claimed"
    );
    for (body, code) in [
        (json!({"decision": "reject"}), "reason_required"),
        (
            json!({"decision": "reject", "reason_code": "no_such_reason"}),
            "unknown_reason",
        ),
        (
            json!({"decision": "request_more", "reason_code": "suspected_forgery", "documents_requested": ["x"]}),
            "reason_not_allowed",
        ),
        (
            json!({"decision": "request_more", "reason_code": "blurry_image"}),
            "documents_required",
        ),
        (
            json!({"decision": "approve", "reason_code": "blurry_image"}),
            "unexpected_reason",
        ),
        (
            json!({"decision": "approve", "documents_requested": ["x"]}),
            "unexpected_documents",
        ),
        (
            json!({"decision": "approve", "note": "가".repeat(2001)}),
            "note_too_long",
        ),
        (
            json!({"decision": "approve", "note": "확인\u{0}"}),
            "invalid_text",
        ),
        (
            json!({"decision": "request_more", "reason_code": "blurry_image", "documents_requested": ["사업자등록증\u{0}"]}),
            "invalid_text",
        ),
    ] {
        assert_eq!(
            assert_error(decide(&app, &a, id, body.clone()).await, 400).await,
            code,
            "{body}"
        );
    }
    assert_eq!(
        assert_error(
            decide(&app, &a, id, json!({"decision": "maybe"})).await,
            400
        )
        .await,
        "invalid_body"
    );
    assert_eq!(
        status_of(&app.db, id).await,
        "in_review",
        "refused decisions change nothing"
    );

    let response = decide(&app, &a, id, json!({"decision": "reject", "reason_code": "suspected_forgery", "note": "직인 위치가 다릅니다"})).await;
    assert_eq!(response.status().as_u16(), 201);
    let decision: Value = response.json().await.unwrap();
    assert_eq!(decision["reason"]["code"], "suspected_forgery");
    assert!(decision["reason"]["ko"].as_str().unwrap().contains("위조"));
    assert_eq!(status_of(&app.db, id).await, "rejected");
    assert_eq!(
        assert_error(
            decide(&app, &a, id, json!({"decision": "approve"})).await,
            409
        )
        .await,
        "not_claimed",
        "decided once"
    );

    // The decision is kept with the pre-check it was made on, and cannot be changed.
    let item: Value = app
        .get(&format!("/v1/verifications/{id}"), Some(&a))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(item["decisions"].as_array().unwrap().len(), 1);
    let (snapshot, rewrite) = app
        .db
        .run({
            let id = id.to_owned();
            move |conn| {
                let snapshot: Option<String> = decisions::table
                    .filter(decisions::verification_id.eq(&id))
                    .select(decisions::precheck_snapshot)
                    .first(conn)?;
                let rewrite = diesel::update(decisions::table)
                    .set(decisions::decision.eq("approve"))
                    .execute(conn)
                    .is_err();
                let delete = diesel::delete(decisions::table).execute(conn).is_err();
                Ok((snapshot, rewrite && delete))
            }
        })
        .await
        .unwrap();
    assert!(snapshot.unwrap().contains("risk_score"));
    assert!(rewrite, "decisions are append-only");
    let audit: Value = app
        .get("/v1/audit?limit=100", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "verification.decided")
        .expect("decision audited");
    assert_eq!(entry["detail"]["reason_code"], "suspected_forgery");
    let reasons: Value = app
        .get("/v1/verification-reasons", Some(&a))
        .await
        .json()
        .await
        .unwrap();
    assert!(reasons
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["code"] == "blurry_image" && !r["en"].as_str().unwrap().is_empty()));
}

async fn request_more_keeps_the_case_open_for_the_next_upload(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, reviewer) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
    );
    let state = |provider: &'static str| {
        let (app, platform) = (&app, platform.clone());
        async move {
            app.get(
                &format!("/v1/providers/{provider}/verification"),
                Some(&platform),
            )
            .await
            .json::<Value>()
            .await
            .unwrap()
        }
    };
    assert_eq!(state("gosu-9").await["state"], "unverified");

    let page = tokio::task::spawn_blocking(|| {
        let certificate = documents::random_certificate(11, documents::Layout::Corporate);
        documents::styled(
            &certificate.render(&documents::font()),
            documents::Style::Clean,
            11,
        )
    })
    .await
    .unwrap();
    let first =
        crate::verifications::submit_and_wait(&app, &platform, "gosu-9", page.clone()).await;
    assert_eq!(state("gosu-9").await["state"], "pending");
    let item = claim(&app, &reviewer, None).await.unwrap();
    assert_eq!(item["id"], first.as_str());
    let asked = decide(&app, &reviewer, &first, json!({"decision": "request_more", "reason_code": "missing_pages", "documents_requested": ["사업자등록증 뒷면"]})).await;
    assert_eq!(asked.status().as_u16(), 201);
    let now = state("gosu-9").await;
    assert_eq!(now["state"], "needs_more");
    assert_eq!(
        now["decision"]["documents_requested"],
        json!(["사업자등록증 뒷면"])
    );
    assert!(!now["decision"]["reason"]["ko"].as_str().unwrap().is_empty());

    // The next upload joins the case; the reviewer sees what came before.
    let second = crate::verifications::submit_and_wait(&app, &platform, "gosu-9", page).await;
    let item = claim(&app, &reviewer, None).await.unwrap();
    assert_eq!(item["id"], second.as_str());
    assert_eq!(item["case_id"], first.as_str());
    let earlier = &item["earlier"][0];
    assert_eq!(earlier["id"], first.as_str());
    assert_eq!(earlier["decisions"][0]["reason"]["code"], "missing_pages");
    assert_eq!(
        decide(&app, &reviewer, &second, json!({"decision": "approve"}))
            .await
            .status()
            .as_u16(),
        201
    );
    let now = state("gosu-9").await;
    assert_eq!(
        (now["state"].as_str(), now["verification_id"].as_str()),
        (Some("verified"), Some(second.as_str()))
    );
    assert_eq!(
        assert_error(
            app.get("/v1/providers/%20/verification", Some(&platform))
                .await,
            400
        )
        .await,
        "invalid_provider_id"
    );
}

async fn second_reviews_are_blind_and_feed_the_figures(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.second_review_rate = 1.0).await;
    let ids = seed(
        &app.db,
        (0..3)
            .map(|n| {
                waiting_item(
                    &format!("p{n}"),
                    DocumentType::BusinessRegistration,
                    0,
                    &[],
                    3 - n,
                )
            })
            .collect(),
    )
    .await;
    let (reviewer, senior) = (
        app.token(Role::Reviewer).await,
        app.token(Role::Senior).await,
    );
    let bodies = [
        json!({"decision": "approve"}),
        json!({"decision": "reject", "reason_code": "blurry_image"}),
        json!({"decision": "request_more", "reason_code": "missing_pages", "documents_requested": ["뒷면"]}),
    ];
    for (id, body) in ids.iter().zip(&bodies) {
        assert_eq!(
            claim(&app, &reviewer, None).await.unwrap()["id"],
            id.as_str()
        );
        assert_eq!(
            decide(&app, &reviewer, id, body.clone())
                .await
                .status()
                .as_u16(),
            201
        );
    }
    assert_eq!(
        assert_error(
            app.post_json("/v1/second-reviews/claim", &reviewer, &json!({}))
                .await,
            403
        )
        .await,
        "forbidden"
    );
    // The senior's own decisions never come back to them.
    let own = seed(
        &app.db,
        vec![waiting_item("p9", DocumentType::License, 0, &[], 0)],
    )
    .await;
    assert_eq!(
        claim(&app, &senior, None).await.unwrap()["id"],
        own[0].as_str()
    );
    assert_eq!(
        decide(&app, &senior, &own[0], json!({"decision": "approve"}))
            .await
            .status()
            .as_u16(),
        201
    );

    let verdicts = [
        (json!({"decision": "approve"}), None),
        (json!({"decision": "approve"}), Some("wrong_decision")),
        (
            json!({"decision": "request_more", "reason_code": "missing_pages", "guidance_wrong": true}),
            Some("wrong_guidance"),
        ),
    ];
    let mut seen = Vec::new();
    for _ in 0..3 {
        let response = app
            .post_json("/v1/second-reviews/claim", &senior, &json!({}))
            .await;
        assert_eq!(response.status().as_u16(), 200);
        let review: Value = response.json().await.unwrap();
        let item = &review["verification"];
        for hidden in ["status", "decisions", "decided_at"] {
            assert!(
                item.get(hidden).is_none(),
                "{hidden} gives the first decision away"
            );
        }
        let item_id = item["id"].as_str().unwrap().to_owned();
        assert_ne!(item_id, own[0], "not the senior's own decision");
        let code = assert_error(
            app.get(&format!("/v1/verifications/{item_id}"), Some(&senior))
                .await,
            409,
        )
        .await;
        assert_eq!(code, "second_review_in_progress");
        let n = ids.iter().position(|i| *i == item_id).unwrap();
        let path = format!(
            "/v1/second-reviews/{}/decision",
            review["id"].as_str().unwrap()
        );
        let control = app
            .post_json(
                &path,
                &senior,
                &json!({"decision": "approve", "note": "\u{0}"}),
            )
            .await;
        assert_eq!(assert_error(control, 400).await, "invalid_text");
        let outcome: Value = app
            .post_json(&path, &senior, &verdicts[n].0)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(outcome["error_type"].as_str(), verdicts[n].1, "item {n}");
        assert_eq!(outcome["first_decision"]["decision"], bodies[n]["decision"]);
        seen.push(n);
    }
    seen.sort();
    assert_eq!(seen, [0, 1, 2]);
    assert_eq!(
        app.post_json("/v1/second-reviews/claim", &senior, &json!({}))
            .await
            .status()
            .as_u16(),
        204
    );

    let stats: Value = app
        .get("/v1/stats/verification?group=hour", Some(&senior))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["decided"], 4);
    assert_eq!(stats["by_outcome"]["approve"], 2);
    assert_eq!(stats["by_reason"]["blurry_image"], 1);
    let mine = stats["reviewers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["decided"] == 3)
        .expect("the reviewer's figures");
    assert_eq!(mine["quality"]["second_reviews"], 3);
    assert_eq!(mine["quality"]["wrong_decision"], 1);
    assert!((mine["quality"]["error_ratio"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert!((mine["quality"]["misguidance_ratio"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        stats["quality_by_reason"]["blurry_image"]["wrong_decision"],
        1
    );
    assert!(mine["handle_time"]["median_seconds"].as_f64().unwrap() >= 0.0);
    let buckets = stats["buckets"].as_array().unwrap();
    assert_eq!(
        buckets
            .iter()
            .map(|b| b["decided"].as_u64().unwrap())
            .sum::<u64>(),
        4
    );
    assert!(
        buckets.len() >= 7 * 24,
        "every hour of the 7 days, empty ones as zero: {}",
        buckets.len()
    );
    assert_eq!(
        (
            stats["within_target"].as_f64(),
            stats["target_hours"].as_f64()
        ),
        (Some(1.0), Some(24.0)),
        "decided at once, within 24 h"
    );
    assert_eq!(mine["output"].as_array().unwrap().len(), buckets.len());
    let per_day = mine["per_active_day"].as_f64().unwrap();
    assert!(
        per_day == 3.0 || per_day == 1.5,
        "three decisions on one day, or two if midnight fell between: {per_day}"
    );
    assert_eq!(
        assert_error(
            app.get("/v1/stats/verification", Some(&reviewer)).await,
            403
        )
        .await,
        "forbidden"
    );
    assert_eq!(
        assert_error(
            app.get("/v1/stats/verification?group=year", Some(&senior))
                .await,
            400
        )
        .await,
        "invalid_query"
    );
    let backwards = "/v1/stats/verification?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z";
    assert_eq!(
        assert_error(app.get(backwards, Some(&senior)).await, 400).await,
        "invalid_window"
    );

    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(
        metrics.contains("checkpoint_verification_decisions{decision=\"approve\",reason=\"\"} 2"),
        "{metrics}"
    );
    assert!(metrics
        .contains("checkpoint_verification_second_review_errors{error_type=\"wrong_decision\"} 1"));
}

/// A webhook receiver on a fixed port that records what it gets and answers `status`.
pub struct Receiver {
    /// Each request's headers and body.
    pub received: Arc<Mutex<Vec<Delivery>>>,
}

pub type Delivery = (HashMap<String, String>, String);

impl Receiver {
    pub fn start(listener: TcpListener, status: u16) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let sink = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut headers = HashMap::new();
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                loop {
                    line.clear();
                    reader.read_line(&mut line).unwrap();
                    let Some((name, value)) = line.trim_end().split_once(": ") else {
                        break;
                    };
                    headers.insert(name.to_lowercase(), value.to_owned());
                }
                let length: usize = headers
                    .get("content-length")
                    .map(|v| v.parse().unwrap())
                    .unwrap_or(0);
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                if status == 200 {
                    sink.lock()
                        .unwrap()
                        .push((headers, String::from_utf8(body).unwrap()));
                }
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
            }
        });
        Self { received }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn notification_jobs(db: &Db) -> Vec<(String, i32, Option<String>)> {
    db.run(|conn| {
        Ok(jobs::table
            .filter(jobs::kind.eq("notification"))
            .select((jobs::status, jobs::attempts, jobs::last_error))
            .load(conn)?)
    })
    .await
    .unwrap()
}

async fn notifications_wait_for_the_webhook_and_arrive_once_each(backend: Backend) {
    let port = free_port();
    let app = spawn_app_with(backend, |s| {
        s.webhook_url = Some(format!("http://127.0.0.1:{port}/hooks/checkpoint"));
        s.webhook_secret = Some("whsec_test".to_owned());
        s.notification_backoff_ms = 100;
        s.notification_max_attempts = 100;
    })
    .await;
    let ids = seed(
        &app.db,
        (0..5)
            .map(|n| {
                waiting_item(
                    &format!("p{n}"),
                    DocumentType::BusinessRegistration,
                    0,
                    &[],
                    5 - n,
                )
            })
            .collect(),
    )
    .await;
    let reviewer = app.token(Role::Reviewer).await;
    for (n, id) in ids.iter().enumerate() {
        claim(&app, &reviewer, None).await.unwrap();
        let body = if n % 2 == 0 {
            json!({"decision": "approve"})
        } else {
            json!({"decision": "request_more", "reason_code": "blurry_image", "documents_requested": ["선명한 사진"]})
        };
        assert_eq!(
            decide(&app, &reviewer, id, body).await.status().as_u16(),
            201
        );
    }
    // The webhook is down: every notification waits, retried, none lost.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let jobs = notification_jobs(&app.db).await;
        if jobs.len() == 5
            && jobs
                .iter()
                .all(|(status, attempts, _)| status != "done" && *attempts >= 2)
        {
            assert!(jobs.iter().all(|(_, _, e)| e.as_deref() == Some("webhook unreachable: connection failed")), "{jobs:?}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "retries did not happen: {jobs:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let receiver = Receiver::start(TcpListener::bind(("127.0.0.1", port)).unwrap(), 200);
    let deadline = Instant::now() + Duration::from_secs(120);
    while notification_jobs(&app.db)
        .await
        .iter()
        .any(|(status, _, _)| status != "done")
    {
        assert!(
            Instant::now() < deadline,
            "notifications not delivered after the webhook came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = receiver.received.lock().unwrap().clone();
    assert_eq!(received.len(), 5, "each notification exactly once");
    let mut events = HashSet::new();
    let mut provider_ids = HashSet::new();
    for (headers, body) in &received {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"whsec_test").unwrap();
        mac.update(format!("{}.{}", headers["x-checkpoint-timestamp"], body).as_bytes());
        assert_eq!(
            headers["x-checkpoint-signature"],
            format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
        );
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["id"].as_str().unwrap(), headers["x-checkpoint-event"]);
        events.insert(event["id"].as_str().unwrap().to_owned());
        provider_ids.insert(event["data"]["provider_id"].as_str().unwrap().to_owned());
        match event["type"].as_str().unwrap() {
            "verification.decided" => assert_eq!(event["data"]["status"], "approved"),
            "verification.documents_requested" => {
                assert_eq!(event["data"]["documents_requested"], json!(["선명한 사진"]));
                assert!(!event["data"]["reason"]["ko"].as_str().unwrap().is_empty());
            }
            other => panic!("unexpected event {other}"),
        }
    }
    assert_eq!((events.len(), provider_ids.len()), (5, 5));
}

async fn undeliverable_notifications_end_as_dead_letters(backend: Backend) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let _failing = Receiver::start(listener, 500);
    let app = spawn_app_with(backend, |s| {
        s.webhook_url = Some(format!("http://127.0.0.1:{port}/"));
        s.webhook_secret = Some("k".to_owned());
        s.notification_backoff_ms = 50;
        s.notification_max_attempts = 3;
    })
    .await;
    let ids = seed(
        &app.db,
        vec![waiting_item(
            "p1",
            DocumentType::BusinessRegistration,
            0,
            &[],
            1,
        )],
    )
    .await;
    let reviewer = app.token(Role::Reviewer).await;
    claim(&app, &reviewer, None).await.unwrap();
    assert_eq!(
        decide(&app, &reviewer, &ids[0], json!({"decision": "approve"}))
            .await
            .status()
            .as_u16(),
        201
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let jobs = notification_jobs(&app.db).await;
        if jobs.iter().any(|(status, _, _)| status == "failed") {
            assert_eq!(
                jobs,
                vec![(
                    "failed".to_owned(),
                    3,
                    Some("webhook answered 500 Internal Server Error".to_owned())
                )]
            );
            break;
        }
        assert!(Instant::now() < deadline, "never gave up: {jobs:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn lapsing_licences_return_to_the_queue_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let today = provider::today_in_korea();
    let mut lapsing = waiting_item("gosu-7", DocumentType::License, 5, &[], 100);
    lapsing.status = Status::Approved;
    lapsing.valid_until = Some(today + chrono::Days::new(10));
    let mut later = waiting_item("gosu-8", DocumentType::License, 5, &[], 100);
    later.status = Status::Approved;
    later.valid_until = Some(today + chrono::Days::new(400));
    let ids = seed(&app.db, vec![lapsing, later]).await;
    // Two checks at once (as from two server processes, or the server's own periodic one) and a
    // later one: none fails, and the licence is queued once.
    let check = || {
        app.db
            .run(|conn| provider::queue_lapsing_licences(conn, 30, 3))
    };
    let (first, second) = tokio::join!(check(), check());
    assert!(first.unwrap() + second.unwrap() <= 1);
    assert_eq!(check().await.unwrap(), 0, "queued once");
    let renewals: i64 = app
        .db
        .run(|conn| {
            Ok(verifications::table
                .filter(verifications::renews.is_not_null())
                .count()
                .get_result(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(renewals, 1);

    let reviewer = app.token(Role::Reviewer).await;
    let renewal = claim(&app, &reviewer, Some(json!({"flag": "license_expiring"})))
        .await
        .unwrap();
    assert_eq!(renewal["renews"], ids[0].as_str());
    assert_eq!(renewal["provider_id"], "gosu-7");
    let platform = app.token(Role::Platform).await;
    let state: Value = app
        .get("/v1/providers/gosu-7/verification", Some(&platform))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (state["state"].as_str(), state["renewal_pending"].as_bool()),
        (Some("verified"), Some(true))
    );
    let events: Vec<String> = app
        .db
        .run(|conn| {
            Ok(jobs::table
                .filter(jobs::kind.eq("notification"))
                .select(jobs::payload)
                .load(conn)?)
        })
        .await
        .unwrap();
    assert!(events.len() == 1 && events[0].contains("verification.license_expiring"));
}

/// Items decided hours ago: the figures of their closed hours are kept after the first read and
/// give what the rows give (the same as a time zone whose hours are not UTC's, read from the rows
/// every time); an item reopened on appeal leaves its old hour's figures, and its new decision
/// counts in the hour it is made.
async fn figures_of_closed_hours_are_kept_and_made_again_when_a_decision_moves(backend: Backend) {
    let app = spawn_app(backend).await;
    let senior = app.token(Role::Senior).await;
    let now = Utc::now().naive_utc();
    let hours_ago =
        |h: i64, m: i64| now - chrono::Duration::hours(h) - chrono::Duration::minutes(m);
    // (submitted, claimed, decided, decision, reason): waits of 1 h, 2 h and 26 h.
    let plan = [
        (
            hours_ago(30, 0),
            hours_ago(29, 10),
            hours_ago(29, 0),
            "approve",
            None,
        ),
        (
            hours_ago(30, 0),
            hours_ago(28, 5),
            hours_ago(28, 0),
            "reject",
            Some("blurry_image"),
        ),
        (
            hours_ago(52, 0),
            hours_ago(26, 20),
            hours_ago(26, 0),
            "approve",
            None,
        ),
    ];
    let items: Vec<VerificationRow> = plan
        .iter()
        .enumerate()
        .map(|(n, p)| {
            waiting_item(
                &format!("gosu-{n}"),
                DocumentType::BusinessRegistration,
                0,
                &[],
                (now - p.0).num_minutes(),
            )
        })
        .collect();
    let ids: Vec<Id> = items.iter().map(|i| i.id.clone()).collect();
    let rows: Vec<(VerificationRow, DecisionRow)> = items
        .into_iter()
        .zip(plan)
        .map(|(item, (_, claimed_at, decided_at, decision, reason))| {
            let decision = DecisionRow {
                id: Id::new(),
                verification_id: item.id.clone(),
                case_id: item.case_id.clone(),
                reviewer: "staff:kim".to_owned(),
                decision: decision.to_owned(),
                reason_code: reason.map(str::to_owned),
                note: None,
                documents_requested: "[]".to_owned(),
                precheck_snapshot: None,
                risk_score: Some(0),
                claimed_at,
                decided_at,
            };
            (item, decision)
        })
        .collect();
    let decide = |id: &Id, at: Option<chrono::NaiveDateTime>| {
        let id = id.clone();
        let status = if at.is_some() {
            Status::Approved
        } else {
            Status::PendingReview
        };
        let update = DecidedUpdate {
            status,
            decided_at: at,
            valid_until: None,
            claimed_by: None,
            claimed_at: None,
            claim_expires_at: None,
            updated_at: now,
        };
        app.db
            .run(move |conn| db::decisions::mark_decided(conn, &id, &update))
    };
    app.db
        .run(move |conn| {
            db::write_transaction(conn, |conn| {
                for (item, decision) in &rows {
                    db::verifications::insert(conn, item)?;
                    db::decisions::insert(conn, decision)?;
                }
                Ok(())
            })
        })
        .await
        .unwrap();
    for (id, p) in ids.iter().zip(plan) {
        decide(id, Some(p.2)).await.unwrap();
    }
    let kept = || {
        app.db.run(|conn| {
            Ok(figure_hours::table
                .filter(figure_hours::queue.eq("verification"))
                .count()
                .get_result::<i64>(conn)?)
        })
    };
    let window = format!(
        "from={}Z&to={}Z",
        (now - chrono::Duration::days(3)).format("%Y-%m-%dT%H:%M:%S"),
        (now + chrono::Duration::hours(1)).format("%Y-%m-%dT%H:%M:%S")
    );
    let stats = |offset: &'static str| {
        let path = format!("/v1/stats/verification?group=day&{window}&utc_offset={offset}");
        let (app, senior) = (&app, &senior);
        async move {
            app.get(&path, Some(senior))
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(kept().await.unwrap(), 0);
    let first = stats("%2B09:00").await;
    assert_eq!(
        (first["decided"].as_u64(), first["received"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(
        first["time_to_decision"]["median_seconds"].as_f64(),
        Some(7200.0)
    );
    assert_eq!(
        first["time_to_decision"]["p90_seconds"].as_f64(),
        Some(26.0 * 3600.0)
    );
    assert!(
        (first["within_target"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9,
        "two of three within 24 h"
    );
    assert_eq!(
        (
            first["by_outcome"]["approve"].as_u64(),
            first["by_reason"]["blurry_image"].as_u64()
        ),
        (Some(2), Some(1))
    );
    let kim = &first["reviewers"][0];
    assert_eq!(
        (
            kim["decided"].as_u64(),
            kim["handle_time"]["median_seconds"].as_f64()
        ),
        (Some(3), Some(600.0))
    );
    assert_eq!(
        kim["per_active_hour"].as_f64(),
        Some(1.0),
        "three decisions in three hours"
    );
    // 72 hours less the partial first one, the open one and, in its first five minutes, the last.
    assert!(
        kept().await.unwrap() >= 70,
        "every closed hour of the window is kept, empty ones too"
    );
    assert_eq!(
        stats("%2B09:00").await,
        first,
        "read again from the kept hours"
    );
    let unkept = stats("%2B05:30").await;
    for key in [
        "decided",
        "received",
        "time_to_decision",
        "within_target",
        "by_outcome",
        "by_reason",
    ] {
        assert_eq!(unkept[key], first[key], "{key}: kept hours and rows agree");
    }

    // Reopened on appeal: out of its hour; decided again now: in the open hour, 30 h after it came.
    decide(&ids[0], None).await.unwrap();
    let reopened = stats("%2B09:00").await;
    assert_eq!(reopened["decided"].as_u64(), Some(2));
    assert_eq!(
        reopened["time_to_decision"]["p90_seconds"].as_f64(),
        Some(26.0 * 3600.0)
    );
    decide(&ids[0], Some(now)).await.unwrap();
    let again = stats("%2B09:00").await;
    assert_eq!(again["decided"].as_u64(), Some(3));
    assert_eq!(
        again["time_to_decision"]["p90_seconds"].as_f64(),
        Some(30.0 * 3600.0)
    );
}
