//! The policy scanner through real HTTP on SQLite and PostgreSQL: verdicts and what they record,
//! bad input, reloads, rollbacks, the file watcher, several processes, and the policy commands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use checkpoint::auth::Role;
use checkpoint::db::schema::{jobs, moderation_items, sanctions, scans};
use checkpoint::startup::Application;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl, TextExpressionMethods};
use serde_json::{json, Value};

use crate::both_backends;
use crate::helpers::{assert_error, spawn_app, spawn_app_with, test_settings, Backend, TestApp};

both_backends!(
    verdicts_flag_block_and_sanction_and_are_recorded,
    scan_refuses_bad_input_and_wrong_roles,
    reload_rollback_and_history,
    every_process_picks_up_a_new_version_and_the_watcher_loads_the_file,
    backtest_replays_stored_scans,
    a_term_file_is_part_of_the_policy_version,
);

/// The version the shipped policy file carries.
pub static SHIPPED_VERSION: LazyLock<i64> = LazyLock::new(|| {
    checkpoint::policy::file::parse(&checkpoint::policy::default_policy())
        .unwrap()
        .version
        .get()
});

/// The shipped policy with its term files, numbered 1 here: the tests count versions from it.
pub static SHIPPED: LazyLock<String> = LazyLock::new(|| {
    checkpoint::policy::default_policy().replacen(
        &format!("version = {}", *SHIPPED_VERSION),
        "version = 1",
        1,
    )
});

async fn scan(app: &TestApp, token: &str, user: &str, content: &str, text: &str) -> Value {
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

/// The shipped policy with another version number and extra profanity terms.
pub fn policy_version(version: i64, extra_terms: &[&str]) -> String {
    let terms: String = extra_terms.iter().map(|t| format!(", {t:?}")).collect();
    SHIPPED
        .replacen("version = 1", &format!("version = {version}"), 1)
        .replacen(
            "\"닥쳐\", \"꺼져\"",
            &format!("\"닥쳐\", \"꺼져\"{terms}"),
            1,
        )
}

pub fn write(path: &Path, text: &str) {
    // Write and rename, as an editor or a deploy does, so no reader sees half a file.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

pub fn policy_file(app_dir: &Path, text: &str) -> PathBuf {
    let path = app_dir.join("policy.toml");
    write(&path, text);
    path
}

async fn count<F>(app: &TestApp, query: F) -> i64
where
    F: FnOnce(&mut checkpoint::db::DbConnection) -> i64 + Send + 'static,
{
    app.db.run(move |conn| Ok(query(conn))).await.unwrap()
}

async fn verdicts_flag_block_and_sanction_and_are_recorded(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;

    let allowed = scan(
        &app,
        &platform,
        "u-clean",
        "c1",
        "안녕하세요, 내일 오후 3시에 방문 가능합니다",
    )
    .await;
    assert_eq!(allowed["action"], "allow");
    assert_eq!(allowed["matches"], json!([]));
    assert_eq!(
        allowed["policy_version"], *SHIPPED_VERSION,
        "the shipped policy"
    );
    assert!(allowed.get("sanction").is_none());

    let text = "아 씨.발 진짜 왜 이래요";
    let flagged = scan(&app, &platform, "u1", "c2", text).await;
    assert_eq!(flagged["action"], "flag", "{flagged}");
    let m = &flagged["matches"][0];
    assert_eq!(
        (
            m["category"].as_str(),
            m["term"].as_str(),
            m["severity"].as_str()
        ),
        (Some("profanity"), Some("씨발"), Some("medium"))
    );
    let (start, end) = (
        m["start"].as_u64().unwrap() as usize,
        m["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "씨.발");
    assert!(flagged["rules"]
        .as_array()
        .unwrap()
        .contains(&json!("category:profanity:medium")));

    let blocked = scan(
        &app,
        &platform,
        "u2",
        "c3",
        "공일공 일이삼사 오육칠팔 로 문자 주세요",
    )
    .await;
    assert_eq!(blocked["action"], "block", "{blocked}");
    assert_eq!(blocked["matches"][0]["term"], "pattern:phone");
    // The second off-platform attempt in the window reaches the first step of the ladder.
    let warned = scan(&app, &platform, "u2", "c4", "010-9876-5432").await;
    assert_eq!(warned["action"], "sanction", "{warned}");
    assert_eq!(warned["sanction"]["kind"], "warn");
    assert_eq!(warned["sanction"]["appealable"], true);
    assert!(warned["rules"]
        .as_array()
        .unwrap()
        .contains(&json!("frequency:off_platform_contact_repeat:2")));

    let banned = scan(
        &app,
        &platform,
        "u3",
        "c5",
        "예약금 먼저 입금 해주시면 바로 출발합니다",
    )
    .await;
    assert_eq!(banned["action"], "sanction");
    assert_eq!(banned["sanction"]["kind"], "ban");
    assert_eq!(banned["sanction"]["appealable"], false);
    assert!(banned["sanction"]["ends_at"].is_null());
    assert!(banned["rules"]
        .as_array()
        .unwrap()
        .contains(&json!("zero_tolerance:fraud")));

    // What acts on a user is committed before the answer: the flag is queued for a person, the
    // sanctions are stored, and the user is notified through the outbox.
    assert_eq!(
        count(&app, |c| moderation_items::table
            .filter(moderation_items::content_id.eq("c2"))
            .count()
            .get_result(c)
            .unwrap())
        .await,
        1
    );
    assert_eq!(
        count(&app, |c| sanctions::table
            .filter(sanctions::user_id.eq("u2"))
            .count()
            .get_result(c)
            .unwrap())
        .await,
        1
    );
    let ban_id = banned["sanction"]["id"].as_str().unwrap().to_owned();
    let (kind, appealable, rule): (String, bool, String) = app
        .db
        .run(move |c| {
            Ok(sanctions::table
                .find(ban_id)
                .select((sanctions::kind, sanctions::appealable, sanctions::rule))
                .first(c)
                .unwrap())
        })
        .await
        .unwrap();
    assert_eq!(
        (kind.as_str(), appealable, rule.as_str()),
        ("ban", false, "zero_tolerance:fraud")
    );
    let notifications = count(&app, |c| {
        jobs::table
            .filter(jobs::payload.like("%sanction.imposed%"))
            .count()
            .get_result(c)
            .unwrap()
    })
    .await;
    assert_eq!(notifications, 2);

    // Allowed verdicts are written behind the response; they arrive within moments.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let stored = count(&app, |c| {
            scans::table
                .filter(scans::content_id.eq("c1"))
                .count()
                .get_result(c)
                .unwrap()
        })
        .await;
        if stored == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the allowed scan was never stored"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let recorded: (String, i64, String) = app
        .db
        .run(|c| {
            Ok(scans::table
                .filter(scans::content_id.eq("c4"))
                .select((scans::action, scans::policy_version, scans::rules))
                .first(c)
                .unwrap())
        })
        .await
        .unwrap();
    assert_eq!(
        (recorded.0.as_str(), recorded.1),
        ("sanction", *SHIPPED_VERSION)
    );
    assert!(recorded
        .2
        .contains("frequency:off_platform_contact_repeat:2"));
}

async fn scan_refuses_bad_input_and_wrong_roles(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;
    let reviewer = app.token(Role::Reviewer).await;
    let body = json!({"surface": "chat", "user_id": "u", "content_id": "c", "text": "hi"});

    let response = app
        .client
        .post(app.url("/v1/scan"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(assert_error(response, 401).await, "unauthorized");
    assert_eq!(
        assert_error(app.post_json("/v1/scan", &reviewer, &body).await, 403).await,
        "forbidden"
    );
    // Admin does not act as the platform.
    assert_eq!(
        assert_error(
            app.post_json("/v1/scan", &app.admin_token, &body).await,
            403
        )
        .await,
        "forbidden"
    );

    let raw = |payload: &'static str| {
        app.client
            .post(app.url("/v1/scan"))
            .bearer_auth(&platform)
            .header("content-type", "application/json")
            .body(payload)
            .send()
    };
    assert_eq!(
        assert_error(raw("{\"surface\": ").await.unwrap(), 400).await,
        "invalid_json"
    );
    for bad in [
        json!({"surface": "email", "user_id": "u", "content_id": "c", "text": "hi"}),
        json!({"surface": "chat", "user_id": "u", "content_id": "c"}),
        json!({"surface": "chat", "user_id": "u", "content_id": "c", "text": 5}),
        json!({"surface": "chat", "user_id": "u", "content_id": "c", "text": "hi", "extra": 1}),
    ] {
        assert_eq!(
            assert_error(app.post_json("/v1/scan", &platform, &bad).await, 400).await,
            "invalid_body",
            "{bad}"
        );
    }
    for (user, content) in [
        ("", "c"),
        ("u", ""),
        ("u\u{0}", "c"),
        (&*"u".repeat(201), "c"),
    ] {
        let bad = json!({"surface": "chat", "user_id": user, "content_id": content, "text": "hi"});
        assert_eq!(
            assert_error(app.post_json("/v1/scan", &platform, &bad).await, 400).await,
            "invalid_body"
        );
    }
    let long =
        json!({"surface": "chat", "user_id": "u", "content_id": "c", "text": "가".repeat(30_000)});
    assert_eq!(
        assert_error(app.post_json("/v1/scan", &platform, &long).await, 413).await,
        "payload_too_large"
    );
    // Hostile text is scanned, not crashed on.
    let hostile = "\u{202E}씨\u{200D}발\u{0}\u{FEFF}ㅆㅣㅂㅏㄹ\u{10FFFF}";
    let verdict = scan(&app, &platform, "u", "c-hostile", hostile).await;
    for m in verdict["matches"].as_array().unwrap() {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert!(hostile.is_char_boundary(s) && hostile.is_char_boundary(e));
    }
    assert_eq!(verdict["action"], "flag");
}

async fn reload_rollback_and_history(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let path = policy_file(dir.path(), &SHIPPED);
    let file = path.to_str().unwrap().to_owned();
    let app = spawn_app_with(backend, |s| {
        s.policy_file = file;
        s.policy_poll_interval_ms = 60_000;
        s.policy_approvals = 1;
    })
    .await;
    let ops = app.token(Role::Ops).await;
    let platform = app.token(Role::Platform).await;
    let reviewer = app.token(Role::Reviewer).await;

    let active: Value = app
        .get("/v1/policies/active", Some(&reviewer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (active["version"].as_i64(), active["reason"].as_str()),
        (Some(1), Some("startup"))
    );
    assert_eq!(active["categories"].as_array().unwrap().len(), 8);
    assert_eq!(
        scan(&app, &platform, "u", "c1", "바보야").await["action"],
        "allow"
    );

    // Unchanged file: nothing to do.
    let same: Value = app
        .post_json("/v1/policies/reload", &ops, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(same["changed"], false);

    write(&path, &policy_version(2, &["바보"]));
    assert_eq!(
        assert_error(
            app.post_json("/v1/policies/reload", &reviewer, &json!({}))
                .await,
            403
        )
        .await,
        "forbidden"
    );
    let reloaded: Value = app
        .post_json("/v1/policies/reload", &ops, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            reloaded["changed"].as_bool(),
            reloaded["active"]["version"].as_i64()
        ),
        (Some(true), Some(2))
    );
    let v2 = scan(&app, &platform, "u", "c2", "바보야").await;
    assert_eq!(
        (v2["action"].as_str(), v2["policy_version"].as_i64()),
        (Some("flag"), Some(2))
    );

    // An invalid file is refused with its errors; version 2 stays active.
    write(
        &path,
        &policy_version(3, &[]).replacen("severity = \"medium\"", "severity = \"loud\"", 1),
    );
    let response = app.post_json("/v1/policies/reload", &ops, &json!({})).await;
    assert_eq!(response.status().as_u16(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"], "invalid_policy");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("unknown value \"loud\""),
        "{error}"
    );
    let line = SHIPPED
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
    assert_eq!(
        scan(&app, &platform, "u", "c3", "바보야").await["policy_version"],
        2
    );

    // A changed file must raise its version.
    write(&path, &policy_version(2, &["도토리"]));
    assert_eq!(
        assert_error(
            app.post_json("/v1/policies/reload", &ops, &json!({})).await,
            409
        )
        .await,
        "version_exists"
    );

    // Rollback to version 1, then forward again.
    assert_eq!(
        assert_error(
            app.post_json("/v1/policies/99/activate", &ops, &json!({"reason": "x"}))
                .await,
            404
        )
        .await,
        "not_found"
    );
    assert_eq!(
        assert_error(
            app.post_json(
                "/v1/policies/1/activate",
                &reviewer,
                &json!({"reason": "x"})
            )
            .await,
            403
        )
        .await,
        "forbidden"
    );
    let rolled: Value = app
        .post_json("/v1/policies/1/activate", &ops, &json!({"reason": "오탐"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (rolled["version"].as_i64(), rolled["reason"].as_str()),
        (Some(1), Some("rollback: 오탐"))
    );
    assert_eq!(
        scan(&app, &platform, "u", "c4", "바보야").await["action"],
        "allow"
    );

    let history: Value = app
        .get("/v1/policies", Some(&ops))
        .await
        .json()
        .await
        .unwrap();
    let versions: Vec<(i64, bool)> = history["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().unwrap(),
                v["active"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(versions, vec![(2, false), (1, true)]);
    let reasons: Vec<&str> = history["activations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, vec!["rollback: 오탐", "reload", "startup"]);
    assert_eq!(
        history["activations"][0]["activated_by"]
            .as_str()
            .map(|a| a.starts_with("token:")),
        Some(true)
    );

    let audit: Value = app
        .get("/v1/audit", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let activations = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "policy.activate")
        .count();
    assert_eq!(activations, 3);
}

async fn every_process_picks_up_a_new_version_and_the_watcher_loads_the_file(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    // The shipped policy as it is, so the second process's built-in policy is the same version.
    let path = policy_file(dir.path(), &checkpoint::policy::default_policy());
    let file = path.to_str().unwrap().to_owned();
    let watched = file.clone();
    let first = spawn_app_with(backend, move |s| {
        s.policy_file = watched;
        s.policy_poll_interval_ms = 200;
        s.policy_approvals = 1;
    })
    .await;
    // A second server process on the same database, without the file (it only follows).
    let mut settings = test_settings(&first.database);
    settings.policy_file = String::new();
    settings.policy_poll_interval_ms = 200;
    settings.policy_approvals = 1;
    let second = tokio::task::spawn_blocking(move || Application::build(&settings))
        .await
        .unwrap()
        .unwrap();
    let second_address = format!("http://127.0.0.1:{}", second.port());
    tokio::spawn(second.run_until_stopped());
    let ops = first.token(Role::Ops).await;

    let version_at = |address: String| {
        let client = first.client.clone();
        let ops = ops.clone();
        async move {
            let active: Value = client
                .get(format!("{address}/v1/policies/active"))
                .bearer_auth(ops)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            active["version"].as_i64().unwrap()
        }
    };
    let wait_for = |version: i64| {
        let addresses = [first.address.clone(), second_address.clone()];
        let version_at = &version_at;
        async move {
            let start = Instant::now();
            for address in addresses {
                while version_at(address.clone()).await != version {
                    assert!(
                        start.elapsed() < Duration::from_secs(10),
                        "{address} never reached version {version}"
                    );
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            start.elapsed()
        }
    };
    let shipped = *SHIPPED_VERSION;
    assert_eq!(version_at(second_address.clone()).await, shipped);

    // The watcher notices the edited file and activates it; both processes follow.
    write(&path, &policy_version(shipped + 1, &["바보"]));
    let took = wait_for(shipped + 1).await;
    assert!(took < Duration::from_secs(5), "{took:?}");

    // A broken edit is not activated.
    write(&path, &format!("version = {}\nname = [\n", shipped + 2));
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(version_at(first.address.clone()).await, shipped + 1);

    // A rollback through one process reaches the other.
    let rolled = first
        .post_json(
            &format!("/v1/policies/{shipped}/activate"),
            &ops,
            &json!({"reason": "되돌림"}),
        )
        .await;
    assert_eq!(rolled.status().as_u16(), 200);
    wait_for(shipped).await;
}

fn checkpoint(
    args: &[&str],
    database_url: Option<&str>,
    stdin: Option<&str>,
) -> (bool, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_checkpoint"));
    command
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    let mut child = command.spawn().unwrap();
    let input = stdin.unwrap_or("").to_owned();
    let mut pipe = child.stdin.take().unwrap();
    std::thread::spawn(move || pipe.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

async fn backtest_replays_stored_scans(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;
    for (i, text) in ["바보야", "안녕하세요", "이 바보야", "씨발", "좋은 하루"]
        .iter()
        .enumerate()
    {
        scan(&app, &platform, "u", &format!("c{i}"), text).await;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&app, |c| scans::table.count().get_result(c).unwrap()).await < 5 {
        assert!(Instant::now() < deadline, "scans were not stored");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let candidate = policy_file(dir.path(), &policy_version(2, &["바보"]));
    let url = app.database.url.clone();
    let (ok, out, err) = tokio::task::spawn_blocking(move || {
        checkpoint(
            &[
                "policy",
                "backtest",
                candidate.to_str().unwrap(),
                "--since",
                "1d",
                "--json",
            ],
            Some(&url),
            None,
        )
    })
    .await
    .unwrap();
    assert!(ok, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["total"], 5);
    // Two texts now match; with them 씨발 is the third profanity hit of the week, which the
    // frequency rule turns into a warning.
    assert_eq!(report["changed"], 3, "{report}");
    assert_eq!(report["transitions"]["allow → flag"], 2);
    assert_eq!(report["transitions"]["flag → sanction"], 1);
    assert_eq!(report["by_category"]["profanity"]["hits_before"], 1);
    assert_eq!(report["by_category"]["profanity"]["hits_after"], 3);
}

#[test]
fn policy_check_reports_errors_with_line_and_column() {
    let (ok, out, _) = checkpoint(
        &["policy", "check", "policies/marketplace.toml"],
        None,
        None,
    );
    assert!(ok);
    assert!(
        out.contains(&format!("version {} is valid", *SHIPPED_VERSION)),
        "{out}"
    );

    let dir = tempfile::tempdir().unwrap();
    let bad = policy_file(
        dir.path(),
        "version = 1\nname = \"m\"\n[[category]]\nid = \"a\"\nseverity = \"loud\"\nterms = [\"x\"]\n",
    );
    let (ok, _, err) = checkpoint(&["policy", "check", bad.to_str().unwrap()], None, None);
    assert!(!ok);
    assert!(
        err.contains("policy.toml:5:12: severity: unknown value \"loud\""),
        "{err}"
    );

    let old = dir.path().join("old.toml");
    std::fs::write(&old, &*SHIPPED).unwrap();
    let new = dir.path().join("new.toml");
    std::fs::write(&new, policy_version(2, &["바보"])).unwrap();
    let (ok, out, _) = checkpoint(
        &[
            "policy",
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(ok);
    assert_eq!(out, "~ version: 1 → 2\n+ profanity term \"바보\"\n");
}

#[test]
fn scan_command_gives_one_verdict_per_line() {
    let input = "{\"text\": \"씨.발\", \"user_id\": \"a\"}\nnot json\n{\"text\": \"010-1234-5678\", \"user_id\": \"b\"}\n{\"text\": \"010 1234 5678\", \"user_id\": \"b\"}\n";
    let (ok, out, err) = checkpoint(
        &["scan", "--policy", "policies/marketplace.toml"],
        None,
        Some(input),
    );
    assert!(ok, "{err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["action"], "flag");
    assert_eq!(
        (
            lines[0]["matches"][0]["start"].as_u64(),
            lines[0]["matches"][0]["end"].as_u64()
        ),
        (Some(0), Some(7))
    );
    assert_eq!(lines[1]["error"], "invalid_json");
    assert_eq!(lines[2]["action"], "block");
    assert_eq!(lines[3]["action"], "sanction");
    assert_eq!(lines[3]["sanction"]["kind"], "warn");
}

/// Precision, recall and F1 the README states in the row starting with `name`.
fn readme_figures(name: &str) -> [f64; 3] {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with(&format!("| {name} |")))
        .unwrap_or_else(|| panic!("no README row {name}"));
    let cells: Vec<f64> = row
        .split('|')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    let &[precision, recall, f1] = &cells[cells.len().saturating_sub(3)..] else {
        panic!("{row}")
    };
    [precision, recall, f1]
}

fn assert_figures(name: &str, measured: [f64; 3]) {
    for ((what, stated), measured) in ["precision", "recall", "F1"]
        .iter()
        .zip(readme_figures(name))
        .zip(measured)
    {
        assert!(
            (measured - stated).abs() <= 0.01,
            "{name} {what}: the README says {stated}, measured {measured:.3}"
        );
    }
}

const LABELLED: &str = "benches/data/korean-abuse-dev.jsonl";

/// `policy eval` on the real labelled comments in `benches/data/` reports what the README says
/// ("Scanner accuracy on real Korean comments"), within 0.01: the words alone, and the policy as
/// shipped.
#[test]
fn policy_eval_reports_the_readme_figures_on_real_comments() {
    for (row, extra) in [("words only", Some("--words-only")), ("as shipped", None)] {
        let mut args = vec![
            "policy",
            "eval",
            "policies/marketplace.toml",
            "--labelled",
            LABELLED,
            "--json",
        ];
        args.extend(extra);
        let (ok, out, err) = checkpoint(&args, None, None);
        assert!(ok, "{err}");
        let report: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["samples"], 4645);
        assert_figures(
            row,
            ["precision", "recall", "f1"].map(|k| report[k].as_f64().unwrap()),
        );
    }
    let (ok, text, _) = checkpoint(
        &[
            "policy",
            "eval",
            "policies/marketplace.toml",
            "--labelled",
            LABELLED,
            "--show",
            "3",
        ],
        None,
        None,
    );
    assert!(
        ok && text.contains("misses (")
            && text.contains("false alarms (")
            && text.contains("abuse_score"),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"text\": \"a\", \"want\": 1}\n{\"text\": \"b\"}\n").unwrap();
    let (ok, _, err) = checkpoint(
        &[
            "policy",
            "eval",
            "policies/marketplace.toml",
            "--labelled",
            bad.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(!ok && err.contains("bad.jsonl:2:"), "{err}");
}

/// `policy train` makes the shipped weights file again (all but the header line naming the output),
/// suggests the threshold the shipped policy sets, and its cross-validated figures are the README's.
#[test]
fn policy_train_remakes_the_shipped_score_and_its_readme_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("weights.tsv");
    let (ok, text, err) = checkpoint(
        &[
            "policy",
            "train",
            "policies/marketplace.toml",
            "--labelled",
            LABELLED,
            "--out",
            out.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert!(ok, "{err}");
    let body = |text: &str| text.lines().skip(1).collect::<Vec<_>>().join("\n");
    let shipped = std::fs::read_to_string("policies/model/abuse-score.tsv").unwrap();
    assert!(
        body(&std::fs::read_to_string(&out).unwrap()) == body(&shipped),
        "the shipped weights are not what `policy train` makes"
    );
    let best = text
        .lines()
        .find(|l| l.starts_with("best F1"))
        .unwrap_or_else(|| panic!("{text}"));
    let numbers: Vec<f64> = best
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|n| n.trim_end_matches('.').parse().ok())
        .collect();
    // best F1 with precision >= 0.9: threshold = T (precision P, recall R, F1 F)
    let &[_, _, threshold, precision, recall, _, f1] = &numbers[..] else {
        panic!("{best}: {numbers:?}")
    };
    let policy = std::fs::read_to_string("policies/marketplace.toml").unwrap();
    assert!(
        policy.contains(&format!("threshold = {threshold:.2}")),
        "the policy's threshold is not the suggested {threshold}"
    );
    assert_figures("cross-validated", [precision, recall, f1]);
}

/// A policy whose terms come from a file beside it: the server reads the file with it, and an
/// edited term file is a changed policy (a new version), refused until `version` is raised.
async fn a_term_file_is_part_of_the_policy_version(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("dict")).unwrap();
    write(&dir.path().join("dict/rude.txt"), "# words\n도토리묵\n");
    let policy = |version: i64| {
        format!("version = {version}\nname = \"small\"\n[[category]]\nid = \"rude\"\nseverity = \"medium\"\nterms_file = \"dict/rude.txt\"\n")
    };
    let path = policy_file(dir.path(), &policy(1));
    let file = path.to_str().unwrap().to_owned();
    let app = spawn_app_with(backend, |s| {
        s.policy_file = file;
        s.policy_poll_interval_ms = 60_000;
        s.policy_approvals = 1;
    })
    .await;
    let (ops, platform) = (app.token(Role::Ops).await, app.token(Role::Platform).await);
    assert_eq!(
        scan(&app, &platform, "u", "c1", "도토리묵 먹자").await["matches"][0]["term"],
        "도토리묵"
    );

    write(&dir.path().join("dict/rude.txt"), "도토리묵\n청포묵\n");
    assert_eq!(
        assert_error(
            app.post_json("/v1/policies/reload", &ops, &json!({})).await,
            409
        )
        .await,
        "version_exists"
    );
    assert_eq!(
        scan(&app, &platform, "u", "c2", "청포묵 먹자").await["action"],
        "allow"
    );
    write(&path, &policy(2));
    let reloaded: Value = app
        .post_json("/v1/policies/reload", &ops, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reloaded["active"]["version"].as_i64(), Some(2));
    assert_eq!(
        scan(&app, &platform, "u", "c3", "청포묵 먹자").await["action"],
        "flag"
    );
    // A missing term file is an error, and the running version stays.
    std::fs::remove_file(dir.path().join("dict/rude.txt")).unwrap();
    write(&path, &policy(3));
    assert_eq!(
        assert_error(
            app.post_json("/v1/policies/reload", &ops, &json!({})).await,
            409
        )
        .await,
        "policy_file_unreadable"
    );
    assert_eq!(
        scan(&app, &platform, "u", "c4", "청포묵 먹자").await["policy_version"],
        2
    );
}
