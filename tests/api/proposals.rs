//! Policy changes weighed before they go live, through real HTTP on SQLite and PostgreSQL:
//! proposals with their impact report, four eyes, the watcher and reloads proposing, rollbacks
//! with a reason, shadow mode over live scans, and flag precision from moderators' decisions.

use std::time::{Duration, Instant};

use checkpoint::auth::Role;
use checkpoint::startup::Application;
use serde_json::{json, Value};

use crate::both_backends;
use crate::helpers::{
    assert_error, audit_actions, spawn_app_with, test_settings, Backend, TestApp,
};
use crate::policy::{write, SHIPPED_VERSION};

both_backends!(
    a_proposal_is_checked_reported_and_needs_a_second_person,
    the_watcher_reload_and_rollback_propose_with_four_eyes,
    shadow_mode_counts_what_the_candidate_would_change,
    flag_precision_comes_from_moderators_decisions,
);

pub async fn scan(app: &TestApp, token: &str, user: &str, content: &str, text: &str) -> Value {
    let response = app
        .post_json(
            "/v1/scan",
            token,
            &json!({"surface": "chat", "user_id": user, "content_id": content, "text": text}),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    let code = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    assert_eq!(code, status, "{body}");
    body
}

async fn active_version(app: &TestApp, address: &str, token: &str) -> i64 {
    let active: Value = app
        .client
        .get(format!("{address}/v1/policies/active"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    active["version"].as_i64().unwrap()
}

/// The shipped policy file as ops edit it (its term files by name), under another version, with
/// extra profanity terms and without some.
pub fn edited(version: i64, extra: &[&str], dropped: &[&str]) -> String {
    let terms: String = extra.iter().map(|t| format!(", {t:?}")).collect();
    let mut text = SHIPPED_FILE
        .replacen(
            &format!("version = {}", *SHIPPED_VERSION),
            &format!("version = {version}"),
            1,
        )
        .replacen(
            "\"닥쳐\", \"꺼져\"",
            &format!("\"닥쳐\", \"꺼져\"{terms}"),
            1,
        );
    for term in dropped {
        let listed = format!("{term:?}, ");
        assert!(text.contains(&listed), "{term} is in the shipped list");
        text = text.replacen(&listed, "", 1);
    }
    text
}

const SHIPPED_FILE: &str = include_str!("../../policies/marketplace.toml");

/// A server on a copy of the shipped policy folder, so pasted files find their term files.
pub async fn app_with_policy(backend: Backend, approvals: u32) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    for folder in ["dict", "model"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        for entry in std::fs::read_dir(shipped.join(folder)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(
                    entry.path(),
                    dir.path().join(folder).join(entry.file_name()),
                )
                .unwrap();
            }
        }
    }
    let path = dir.path().join("marketplace.toml");
    write(&path, SHIPPED_FILE);
    let file = path.to_str().unwrap().to_owned();
    let app = spawn_app_with(backend, move |s| {
        s.policy_file = file;
        s.policy_poll_interval_ms = 200;
        s.policy_approvals = approvals;
    })
    .await;
    (app, dir)
}

/// Waits until the allowed verdicts written behind the responses are stored.
async fn stored_scans(app: &TestApp, n: i64) {
    use checkpoint::db::schema::scans;
    use diesel::{QueryDsl, RunQueryDsl};
    let start = Instant::now();
    loop {
        let stored: i64 = app
            .db
            .run(|conn| Ok(scans::table.count().get_result(conn)?))
            .await
            .unwrap();
        if stored >= n {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{stored} of {n} scans stored"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Claims the next moderation item and takes `action` on it; returns the item's content id.
async fn decide_next(app: &TestApp, moderator: &str, action: &str) -> String {
    let claimed = app
        .client
        .post(app.url("/v1/moderation/claim"))
        .bearer_auth(moderator)
        .send()
        .await
        .unwrap();
    let item = json_of(claimed, 200).await;
    let id = item["id"].as_str().unwrap();
    let body = match action {
        "dismiss" => {
            json!({"action": "dismiss", "reason": "문맥상 욕설 아님", "rule": "category:profanity"})
        }
        other => json!({"action": other, "reason": "욕설", "rule": "category:profanity"}),
    };
    let acted = app
        .post_json(&format!("/v1/moderation/{id}/action"), moderator, &body)
        .await;
    assert_eq!(
        acted.status().as_u16(),
        200,
        "{}",
        acted.text().await.unwrap()
    );
    item["content_id"].as_str().unwrap().to_owned()
}

async fn a_proposal_is_checked_reported_and_needs_a_second_person(backend: Backend) {
    let (app, _dir) = app_with_policy(backend, 2).await;
    let (kim, park) = (app.token(Role::Ops).await, app.token(Role::Ops).await);
    let platform = app.token(Role::Platform).await;
    let moderator = app.token(Role::Reviewer).await;
    // A week of traffic in miniature: three texts the candidate would flag, two it leaves alone,
    // one flagged under both; a moderator's decision gives the team's handle time.
    for (i, text) in [
        "바보야",
        "이 바보",
        "바보 같은 소리",
        "안녕하세요",
        "내일 뵐게요",
        "씨발 늦네",
    ]
    .iter()
    .enumerate()
    {
        scan(&app, &platform, &format!("u{i}"), &format!("c{i}"), text).await;
    }
    decide_next(&app, &moderator, "warn").await;
    stored_scans(&app, 6).await;

    // A broken file: every error with its line and column; nothing recorded.
    let (v1, v2) = (*SHIPPED_VERSION, *SHIPPED_VERSION + 1);
    let broken = edited(v2, &[], &[]).replacen("severity = \"medium\"", "severity = \"loud\"", 1);
    let refused = app
        .post_json(
            "/v1/policies/proposals",
            &kim,
            &json!({"source": broken, "reason": "바보 추가"}),
        )
        .await;
    let error = json_of(refused, 400).await;
    assert_eq!(error["error"], "invalid_policy");
    let line = SHIPPED_FILE
        .lines()
        .position(|l| l.contains("severity = \"medium\""))
        .unwrap()
        + 1;
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains(&format!("{line}:")),
        "{error}"
    );
    let candidate = edited(v2, &["바보"], &[]);
    for (body, status, code) in [
        (
            json!({"source": candidate, "reason": "  "}),
            400,
            "invalid_reason",
        ),
        (json!({"source": candidate}), 400, "invalid_body"),
        (
            json!({"source": SHIPPED_FILE, "reason": "그대로"}),
            409,
            "already_active",
        ),
    ] {
        let response = app.post_json("/v1/policies/proposals", &kim, &body).await;
        assert_eq!(assert_error(response, status).await, code, "{body}");
    }
    let reviewer = app
        .post_json(
            "/v1/policies/proposals",
            &moderator,
            &json!({"source": candidate, "reason": "바보 추가"}),
        )
        .await;
    assert_eq!(assert_error(reviewer, 403).await, "forbidden");

    // The proposal and its impact report; the active policy is untouched.
    let created = app
        .post_json(
            "/v1/policies/proposals",
            &kim,
            &json!({"source": candidate, "reason": "바보를 욕설에 추가"}),
        )
        .await;
    let proposal = json_of(created, 201).await;
    let id = proposal["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (
            proposal["status"].as_str(),
            proposal["kind"].as_str(),
            proposal["version"].as_i64()
        ),
        (Some("pending"), Some("change"), Some(v2))
    );
    assert_eq!(
        (
            proposal["approvals_given"].as_u64(),
            proposal["approvals_required"].as_u64()
        ),
        (Some(1), Some(2))
    );
    let report = &proposal["impact"]["backtest"];
    assert_eq!(report["total"], 6, "{report}");
    assert_eq!(report["transitions"]["allow → flag"], 3, "{report}");
    assert_eq!(
        (
            report["flagged_before"].as_u64(),
            report["flagged_after"].as_u64()
        ),
        (Some(1), Some(4))
    );
    assert_eq!(
        report["by_category"]["profanity"]["hits_after"], 4,
        "{report}"
    );
    let workload = &proposal["impact"]["workload"];
    assert_eq!(
        workload["days"], 1.0,
        "scans of a few seconds count as a day: {workload}"
    );
    assert_eq!(
        (
            workload["items_per_day_before"].as_f64(),
            workload["items_per_day_after"].as_f64()
        ),
        (Some(1.0), Some(4.0))
    );
    assert_eq!(workload["handle_times"], 1, "{workload}");
    let median = workload["median_handle_seconds"].as_f64().unwrap();
    let hours = workload["reviewer_hours_per_day"].as_f64().unwrap();
    assert!((hours - 3.0 * median / 3600.0).abs() < 1e-9, "{workload}");
    assert_eq!(active_version(&app, &app.address, &kim).await, v1);
    let same = app
        .post_json(
            "/v1/policies/proposals",
            &park,
            &json!({"source": candidate, "reason": "again"}),
        )
        .await;
    assert_eq!(assert_error(same, 409).await, "proposal_exists");

    // Listed, and shown by id.
    let listed = json_of(app.get("/v1/policies/proposals", Some(&park)).await, 200).await;
    assert_eq!(listed[0]["id"], id.as_str());
    let shown = json_of(
        app.get(&format!("/v1/policies/proposals/{id}"), Some(&park))
            .await,
        200,
    )
    .await;
    assert_eq!(shown["impact"]["backtest"]["total"], 6);
    assert_eq!(
        assert_error(
            app.get(
                "/v1/policies/proposals/00000000-0000-4000-8000-000000000000",
                Some(&park)
            )
            .await,
            404
        )
        .await,
        "not_found"
    );

    // A second server on the same database follows.
    let mut settings = test_settings(&app.database);
    settings.policy_file = String::new();
    settings.policy_poll_interval_ms = 200;
    let second = tokio::task::spawn_blocking(move || Application::build(&settings))
        .await
        .unwrap()
        .unwrap();
    let second_address = format!("http://127.0.0.1:{}", second.port());
    tokio::spawn(second.run_until_stopped());

    // The proposer may not approve; another ops person does, and it goes live everywhere.
    let own = app
        .post_json(
            &format!("/v1/policies/proposals/{id}/approve"),
            &kim,
            &json!({}),
        )
        .await;
    assert_eq!(assert_error(own, 403).await, "four_eyes_required");
    assert_eq!(active_version(&app, &second_address, &kim).await, v1);
    let approved = app
        .post_json(
            &format!("/v1/policies/proposals/{id}/approve"),
            &park,
            &json!({}),
        )
        .await;
    let approved = json_of(approved, 200).await;
    assert_eq!(approved["status"], "activated");
    assert_eq!(approved["approvals_given"], 2);
    let start = Instant::now();
    for address in [app.address.clone(), second_address] {
        while active_version(&app, &address, &kim).await != v2 {
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "{address} stayed on {v1}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    assert_eq!(
        scan(&app, &platform, "u9", "c9", "바보야").await["action"],
        "flag"
    );
    let again = app
        .post_json(
            &format!("/v1/policies/proposals/{id}/approve"),
            &park,
            &json!({}),
        )
        .await;
    assert_eq!(assert_error(again, 409).await, "proposal_closed");
    let history = json_of(app.get("/v1/policies", Some(&kim)).await, 200).await;
    assert_eq!(
        history["activations"][0]["reason"],
        "proposal: 바보를 욕설에 추가"
    );
    let audit = audit_actions(&app, &id).await;
    assert_eq!(audit, ["policy.propose", "policy.approve"], "{audit:?}");
}

async fn the_watcher_reload_and_rollback_propose_with_four_eyes(backend: Backend) {
    let (app, dir) = app_with_policy(backend, 2).await;
    let path = dir.path().join("marketplace.toml");
    let (v1, v2) = (*SHIPPED_VERSION, *SHIPPED_VERSION + 1);
    let (kim, park, lee) = (
        app.token(Role::Ops).await,
        app.token(Role::Ops).await,
        app.token(Role::Ops).await,
    );

    // An edited file becomes the server's own proposal, not a live version.
    write(&path, &edited(v2, &["바보"], &[]));
    let start = Instant::now();
    let proposal = loop {
        let listed = json_of(app.get("/v1/policies/proposals", Some(&kim)).await, 200).await;
        if let Some(p) = listed.as_array().unwrap().first() {
            break p.clone();
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the watcher proposed nothing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let id = proposal["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (
            proposal["proposed_by"].as_str(),
            proposal["status"].as_str()
        ),
        (Some("system"), Some("pending"))
    );
    assert_eq!(proposal["approvals_given"], 0);
    assert_eq!(active_version(&app, &app.address, &kim).await, v1);
    // Reloading the same file finds the same proposal.
    let reloaded = json_of(
        app.post_json("/v1/policies/reload", &kim, &json!({})).await,
        202,
    )
    .await;
    assert_eq!(
        (
            reloaded["changed"].as_bool(),
            reloaded["proposal_id"].as_str()
        ),
        (Some(false), Some(id.as_str()))
    );
    // Nobody wrote it down as theirs, so it takes two people.
    let first = json_of(
        app.post_json(
            &format!("/v1/policies/proposals/{id}/approve"),
            &kim,
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (first["status"].as_str(), first["approvals_given"].as_u64()),
        (Some("pending"), Some(1))
    );
    let twice = app
        .post_json(
            &format!("/v1/policies/proposals/{id}/approve"),
            &kim,
            &json!({}),
        )
        .await;
    assert_eq!(assert_error(twice, 409).await, "already_approved");
    let second = json_of(
        app.post_json(
            &format!("/v1/policies/proposals/{id}/approve"),
            &park,
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(second["status"], "activated");
    assert_eq!(active_version(&app, &app.address, &kim).await, v2);

    // A rollback asks why and waits for a second person; the proposer may not reject it.
    let no_reason = app
        .post_json(&format!("/v1/policies/{v1}/activate"), &kim, &json!({}))
        .await;
    assert_eq!(assert_error(no_reason, 400).await, "invalid_body");
    let blank = app
        .post_json(
            &format!("/v1/policies/{v1}/activate"),
            &kim,
            &json!({"reason": " "}),
        )
        .await;
    assert_eq!(assert_error(blank, 400).await, "invalid_reason");
    let missing = app
        .post_json("/v1/policies/99/activate", &kim, &json!({"reason": "x"}))
        .await;
    assert_eq!(assert_error(missing, 404).await, "not_found");
    let rollback = json_of(
        app.post_json(
            &format!("/v1/policies/{v1}/activate"),
            &kim,
            &json!({"reason": "오탐이 많음"}),
        )
        .await,
        202,
    )
    .await;
    let rollback_id = rollback["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (rollback["kind"].as_str(), rollback["version"].as_i64()),
        (Some("rollback"), Some(v1))
    );
    let own = app
        .post_json(
            &format!("/v1/policies/proposals/{rollback_id}/reject"),
            &kim,
            &json!({"reason": "취소"}),
        )
        .await;
    assert_eq!(assert_error(own, 403).await, "four_eyes_required");
    let not_theirs = app
        .post_json(
            &format!("/v1/policies/proposals/{rollback_id}/withdraw"),
            &park,
            &json!({"reason": "취소"}),
        )
        .await;
    assert_eq!(assert_error(not_theirs, 403).await, "not_proposer");
    let rejected = json_of(
        app.post_json(
            &format!("/v1/policies/proposals/{rollback_id}/reject"),
            &park,
            &json!({"reason": "오탐은 허용 단어로 해결"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (
            rejected["status"].as_str(),
            rejected["close_reason"].as_str()
        ),
        (Some("rejected"), Some("오탐은 허용 단어로 해결"))
    );
    assert_eq!(active_version(&app, &app.address, &kim).await, v2);

    // Proposed again, withdrawn by its proposer; once more, approved by someone else.
    let again = json_of(
        app.post_json(
            &format!("/v1/policies/{v1}/activate"),
            &lee,
            &json!({"reason": "다시"}),
        )
        .await,
        202,
    )
    .await;
    let again_id = again["id"].as_str().unwrap().to_owned();
    let withdrawn = json_of(
        app.post_json(
            &format!("/v1/policies/proposals/{again_id}/withdraw"),
            &lee,
            &json!({"reason": "착오"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(withdrawn["status"], "withdrawn");
    let third = json_of(
        app.post_json(
            &format!("/v1/policies/{v1}/activate"),
            &lee,
            &json!({"reason": "오탐이 많음"}),
        )
        .await,
        202,
    )
    .await;
    let third_id = third["id"].as_str().unwrap().to_owned();
    json_of(
        app.post_json(
            &format!("/v1/policies/proposals/{third_id}/approve"),
            &kim,
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(active_version(&app, &app.address, &kim).await, v1);
    let history = json_of(app.get("/v1/policies", Some(&kim)).await, 200).await;
    assert_eq!(history["activations"][0]["reason"], "rollback: 오탐이 많음");
    for (proposal, steps) in [
        (&rollback_id, vec!["policy.propose", "policy.reject"]),
        (&again_id, vec!["policy.propose", "policy.withdraw"]),
        (&third_id, vec!["policy.propose", "policy.approve"]),
    ] {
        assert_eq!(audit_actions(&app, proposal).await, steps);
    }
}

async fn shadow_mode_counts_what_the_candidate_would_change(backend: Backend) {
    let (app, _dir) = app_with_policy(backend, 2).await;
    let (kim, park) = (app.token(Role::Ops).await, app.token(Role::Ops).await);
    let platform = app.token(Role::Platform).await;
    let moderator = app.token(Role::Reviewer).await;
    // The candidate adds 바보 and drops 염병.
    let candidate = edited(*SHIPPED_VERSION + 1, &["바보"], &["염병"]);
    let created = app
        .post_json(
            "/v1/policies/proposals",
            &kim,
            &json!({"source": candidate, "reason": "바보 추가, 염병 삭제"}),
        )
        .await;
    let id = json_of(created, 201).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let started = json_of(
        app.post_json(
            &format!("/v1/policies/proposals/{id}/shadow"),
            &park,
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(started["shadow"]["scans"], 0, "{started}");
    assert_eq!(started["shadow"]["stopped_at"], Value::Null);

    // Live scans: the active policy decides them, never the candidate.
    let texts = [
        "바보야",
        "이 바보",
        "바보 같은 소리",
        "염병 하네",
        "안녕하세요",
        "내일 뵐게요",
        "씨발 늦네",
    ];
    for (i, text) in texts.iter().enumerate() {
        let verdict = scan(&app, &platform, &format!("u{i}"), &format!("s{i}"), text).await;
        assert_eq!(verdict["policy_version"], *SHIPPED_VERSION);
        if text.contains("바보") {
            assert_eq!(
                verdict["action"], "allow",
                "the candidate does not act: {text}"
            );
        }
    }
    // A moderator dismisses the flag on 염병 (the active policy's, which the candidate drops) and
    // warns on 씨발 (both flag it).
    let mut decided = vec![decide_next(&app, &moderator, "dismiss").await];
    decided.push(decide_next(&app, &moderator, "warn").await);
    decided.sort();
    assert_eq!(decided, ["s3", "s6"]);

    // Allowed scans are written behind the response: wait for all seven.
    let start = Instant::now();
    let shadow = loop {
        let shown = json_of(
            app.get(&format!("/v1/policies/proposals/{id}"), Some(&kim))
                .await,
            200,
        )
        .await;
        if shown["shadow"]["scans"] == texts.len() && shown["shadow"]["would_change"] == 4 {
            break shown["shadow"].clone();
        }
        assert!(start.elapsed() < Duration::from_secs(5), "{shown}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(
        shadow["by_transition"],
        json!({"allow → flag": 3, "flag → allow": 1}),
        "{shadow}"
    );
    assert_eq!(shadow["by_category"]["profanity"], 4, "{shadow}");
    assert_eq!(
        shadow["active_only"],
        json!({"dismissed": 1, "acted": 0, "undecided": 0})
    );
    assert_eq!(
        shadow["candidate_only"],
        json!({"dismissed": 0, "acted": 0, "undecided": 3})
    );
    assert_eq!(shadow["examples"].as_array().unwrap().len(), 4);
    assert!(
        shadow["examples"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"] == "염병 하네" && e["decided"] == "dismiss"),
        "{shadow}"
    );

    // Stopped, the figures stay and no longer grow; approving ends shadow mode too.
    let stopped = app
        .client
        .delete(app.url(&format!("/v1/policies/proposals/{id}/shadow")))
        .bearer_auth(&kim)
        .send()
        .await
        .unwrap();
    let stopped = json_of(stopped, 200).await;
    assert!(stopped["shadow"]["stopped_at"].is_string(), "{stopped}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    scan(&app, &platform, "u9", "s9", "바보").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = json_of(
        app.get(&format!("/v1/policies/proposals/{id}"), Some(&kim))
            .await,
        200,
    )
    .await;
    assert_eq!(after["shadow"]["would_change"], 4, "{after}");
    assert_eq!(
        audit_actions(&app, &id).await,
        [
            "policy.propose",
            "policy.shadow_start",
            "policy.shadow_stop"
        ]
    );
}

async fn flag_precision_comes_from_moderators_decisions(backend: Backend) {
    let (app, _dir) = app_with_policy(backend, 1).await;
    let ops = app.token(Role::Ops).await;
    let platform = app.token(Role::Platform).await;
    let moderator = app.token(Role::Reviewer).await;
    // Four profanity flags: two dismissed, one warned, one hidden; one left undecided.
    for (i, text) in [
        "씨발 늦네",
        "씨발 진짜",
        "존나 좋네",
        "존나 맛있다",
        "씨발 왜",
    ]
    .iter()
    .enumerate()
    {
        scan(&app, &platform, &format!("u{i}"), &format!("p{i}"), text).await;
    }
    for action in ["dismiss", "dismiss", "warn", "hide"] {
        decide_next(&app, &moderator, action).await;
    }
    let stats = json_of(app.get("/v1/stats/moderation", Some(&ops)).await, 200).await;
    let find = |list: &str, key: &str| {
        stats[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("{key} in {list}: {stats}"))
    };
    let profanity = find("precision_by_category", "profanity");
    assert_eq!(
        (
            profanity["decided"].as_i64(),
            profanity["dismissed"].as_i64(),
            profanity["acted"].as_i64()
        ),
        (Some(4), Some(2), Some(2))
    );
    assert_eq!(profanity["precision"], 0.5);
    let rule = find("precision_by_rule", "category:profanity:medium");
    assert_eq!(rule["decided"], 4);
    let terms: i64 = ["씨발", "존나"]
        .iter()
        .map(|t| find("precision_by_term", t)["decided"].as_i64().unwrap())
        .sum();
    assert_eq!(terms, 4);
}
