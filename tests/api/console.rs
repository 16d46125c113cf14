//! The staff console: sign-in, sessions, CSRF and roles over real HTTP, and a reviewer working
//! the queue by keyboard in headless Chromium (Debian's chromium and chromium-driver), on SQLite
//! and PostgreSQL. With `CHECKPOINT_SCREENSHOTS=<dir>` the SQLite run saves each page there (the
//! README's screenshots in `docs/` come from it).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use checkpoint::audit::Actor;
use checkpoint::auth::{self, Role};
use checkpoint::db::schema::{attachments, second_reviews, verifications};
use checkpoint::verification::model::{Decision, DocumentType};
use checkpoint::verification::reasons;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::both_backends;
use crate::documents;
use crate::helpers::{audit_actions, spawn_app, spawn_app_with, Backend, TestApp};
use crate::review::{seed, waiting_item};

both_backends!(
    sign_in_sessions_csrf_and_roles,
    a_reviewer_works_the_queue_by_keyboard_in_chromium,
    the_daily_workflows_complete_by_keyboard_in_chromium,
    a_lease_follows_the_open_page_in_chromium,
    a_scanned_pdf_shows_as_page_images_in_chromium,
    a_user_appeals_through_the_signed_link,
    a_learned_score_flag_is_explained_on_the_moderation_page,
    ops_propose_by_pasting_and_a_second_person_approves_in_chromium,
);

const PASSWORD: &str = "correct horse battery staple";

async fn staff(app: &TestApp, username: &str, role: Role) -> String {
    let username = username.to_owned();
    let row = app
        .db
        .run(move |conn| {
            auth::staff::create(
                conn,
                &Actor::cli(),
                &username,
                &format!("{username} (test)"),
                role,
                PASSWORD,
            )
        })
        .await
        .expect("create staff account");
    row.id.to_string()
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Signs in through the form; returns the session cookie's value.
async fn sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/console/login"))
        .form(&[
            ("username", username),
            ("password", password),
            ("next", "/console/review"),
        ])
        .send()
        .await
        .unwrap()
}

fn session_cookie(response: &reqwest::Response) -> String {
    let header = response
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console", "Secure"] {
        assert!(
            header.contains(attribute),
            "{attribute} missing from {header}"
        );
    }
    header.split(';').next().unwrap().to_owned()
}

async fn page(app: &TestApp, client: &reqwest::Client, cookie: &str, path: &str) -> (u16, String) {
    let response = client
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The CSRF token the page's forms carry.
fn csrf_of(html: &str) -> String {
    let start = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + "name=\"csrf\" value=\"".len();
    html[start..].split('"').next().unwrap().to_owned()
}

async fn sign_in_sessions_csrf_and_roles(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = no_redirects();
    let kim = staff(&app, "kim", Role::Reviewer).await;
    staff(&app, "park", Role::Ops).await;
    seed(
        &app.db,
        vec![waiting_item(
            "gosu-1",
            DocumentType::BusinessRegistration,
            30,
            &[],
            5,
        )],
    )
    .await;

    // Pages need a session: they send the browser to sign in and come back.
    let response = client.get(app.url("/console/review")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "/console/login?next=/console/review"
    );
    let (status, html) = page(&app, &client, "", "/console/login").await;
    assert_eq!(status, 200);
    assert!(html.contains("로그인"), "Korean by default");

    // Wrong passwords and unknown users get the same answer; five in a row lock the account.
    let unknown = sign_in(&app, &client, "nobody", PASSWORD).await;
    assert_eq!(unknown.status().as_u16(), 401);
    let unknown_text = unknown.text().await.unwrap();
    for _ in 0..5 {
        let wrong = sign_in(&app, &client, "park", "wrong password here").await;
        assert_eq!(wrong.status().as_u16(), 401);
        assert!(wrong.headers().get("set-cookie").is_none());
        assert_eq!(
            wrong.text().await.unwrap().replace("park", "nobody"),
            unknown_text
        );
    }
    let locked = sign_in(&app, &client, "park", PASSWORD).await;
    assert_eq!(
        locked.status().as_u16(),
        403,
        "locked even with the right password"
    );
    assert!(locked.text().await.unwrap().contains("locked until"));

    // Signed in: the cookie is HttpOnly, SameSite=Strict and Secure; the page follows `next`.
    let signed_in = sign_in(&app, &client, "kim", PASSWORD).await;
    assert_eq!(signed_in.status().as_u16(), 303);
    assert_eq!(signed_in.headers()["location"], "/console/review");
    let cookie = session_cookie(&signed_in);
    let (status, html) = page(&app, &client, &cookie, "/console/review").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"waiting\">1<"), "one item waits: {html}");
    let csrf = csrf_of(&html);

    // A hostile `next` is not followed.
    let elsewhere = client
        .post(app.url("/console/login"))
        .form(&[
            ("username", "kim"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.headers()["location"], "/console");
    // Nor one that would split the Location header: the sign-in still goes through.
    for hostile in [
        "/console/review\r\nSet-Cookie: x=1",
        "/console\n",
        "/console\u{0}",
        "/console\u{7f}",
    ] {
        let signed = client
            .post(app.url("/console/login"))
            .form(&[
                ("username", "kim"),
                ("password", PASSWORD),
                ("next", hostile),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            (
                signed.status().as_u16(),
                signed.headers()["location"].to_str().unwrap()
            ),
            (303, "/console"),
            "{hostile:?}"
        );
        assert!(
            signed.headers().get("set-cookie").is_some(),
            "{hostile:?}: a session"
        );
        let back = client
            .get(app.url("/console/lang"))
            .query(&[("to", "en"), ("back", hostile)])
            .send()
            .await
            .unwrap();
        assert_eq!(
            (
                back.status().as_u16(),
                back.headers()["location"].to_str().unwrap()
            ),
            (303, "/console"),
            "{hostile:?}"
        );
    }
    // A username no account can have (U+0000 would not even reach PostgreSQL) is unknown.
    let control = sign_in(&app, &client, "kim\u{0}", PASSWORD).await;
    assert_eq!(control.status().as_u16(), 401);

    // A reviewer may not open the policy page; the refusal is a page, not a crash.
    let (status, html) = page(&app, &client, &cookie, "/console/policy").await;
    assert_eq!(status, 403);
    assert!(html.contains("data-error=\"forbidden\""));

    // Posts need the session's CSRF token, and a browser's Origin must be this server.
    let claim = |token: &str, origin: Option<&str>| {
        let mut request = client
            .post(app.url("/console/review/claim"))
            .header("cookie", &cookie)
            .form(&[("csrf", token)]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    assert_eq!(claim("forged", None).await.unwrap().status().as_u16(), 403);
    assert_eq!(
        claim(&csrf, Some("https://evil.example"))
            .await
            .unwrap()
            .status()
            .as_u16(),
        403
    );
    let missing = client
        .post(app.url("/console/review/claim"))
        .header("cookie", &cookie)
        .form(&[("x", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 400);
    let claimed = claim(&csrf, Some(&app.address)).await.unwrap();
    assert_eq!(claimed.status().as_u16(), 303);
    let item_path = claimed.headers()["location"].to_str().unwrap().to_owned();
    assert!(item_path.starts_with("/console/review/"));

    // The page's script renews the lease with the token in a header and gets JSON back.
    let renew = |token: Option<&str>| {
        let mut request = client
            .post(app.url(&format!("{item_path}/renew")))
            .header("cookie", &cookie);
        if let Some(token) = token {
            request = request.header("x-csrf-token", token);
        }
        request.send()
    };
    let renewed: Value = renew(Some(&csrf)).await.unwrap().json().await.unwrap();
    assert!(renewed["expires_at"].is_string());
    let refused = renew(None).await.unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("data-error=\"forbidden\""),
        "refused, in words"
    );
    let signed_out = client
        .post(app.url(&format!("{item_path}/renew")))
        .header("x-csrf-token", "x")
        .send()
        .await
        .unwrap();
    assert_eq!(
        signed_out.status().as_u16(),
        401,
        "a script is told to sign in again, not redirected"
    );

    // The document needs a session.
    let anonymous = client
        .get(app.url(&format!("{item_path}/file")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 303);

    // Logout ends the session on the server, not only in this browser.
    let out = client
        .post(app.url("/console/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status().as_u16(), 303);
    assert_eq!(page(&app, &client, &cookie, "/console/review").await.0, 303);
    let actions = audit_actions(&app, &kim).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "staff.login").count(),
        2 + 4,
        "two, and one per hostile `next`"
    );
    assert!(actions.contains(&"staff.logout".to_owned()));
    let park_actions = audit_actions(
        &app,
        &app.db
            .run(|conn| {
                Ok(checkpoint::db::staff::find_by_username(conn, "park")?
                    .unwrap()
                    .id)
            })
            .await
            .unwrap()
            .to_string(),
    )
    .await;
    assert_eq!(
        park_actions
            .iter()
            .filter(|a| *a == "staff.login_failed")
            .count(),
        5
    );
}

/// chromedriver on a free loopback port, and a headless Chromium session through it.
struct Browser {
    driver: WebDriver,
    chromedriver: Child,
}

impl Browser {
    async fn start() -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let chromedriver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (Debian's chromium-driver; `make test` installs it)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut caps = DesiredCapabilities::chrome();
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--window-size=1440,1000",
            "--lang=ko-KR",
        ] {
            caps.add_arg(arg).unwrap();
        }
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
            .await
            .expect("a Chromium session");
        Browser {
            driver,
            chromedriver,
        }
    }

    /// Types keys once the page takes them (it ignores keys for its first moment on screen).
    async fn press(&self, keys: &str) {
        self.driver
            .query(By::Css("body[data-ready=true]"))
            .first()
            .await
            .expect("the page takes keys");
        for key in keys.chars() {
            self.driver
                .action_chain()
                .send_keys(key.to_string())
                .perform()
                .await
                .unwrap();
        }
    }

    /// Waits for the page to show a different item (or the empty queue); returns its id.
    async fn next_item(&self, after: &str) -> Option<String> {
        let started = Instant::now();
        loop {
            if self.driver.find(By::Id("queue-empty")).await.is_ok() {
                return None;
            }
            if let Ok(item) = self.driver.find(By::Id("item")).await {
                if let Ok(Some(id)) = item.attr("data-id").await {
                    if id != after {
                        return Some(id);
                    }
                }
            }
            if started.elapsed() > Duration::from_secs(20) {
                let text = self
                    .driver
                    .execute("return document.body.innerText", vec![])
                    .await
                    .map(|r| r.json().clone());
                panic!("the next item never came; the page says: {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn screenshot(&self, name: &str, backend: Backend) {
        if let (Some(dir), Backend::Sqlite) = (std::env::var_os("CHECKPOINT_SCREENSHOTS"), backend)
        {
            self.driver
                .screenshot(&PathBuf::from(dir).join(format!("{name}.png")))
                .await
                .unwrap();
        }
    }

    async fn scroll_to(&self, id: &str) {
        self.driver
            .execute(
                "document.getElementById(arguments[0]).scrollIntoView()",
                vec![json!(id)],
            )
            .await
            .unwrap();
    }

    async fn sign_out(&self, app: &TestApp) {
        self.driver.goto(app.url("/console")).await.unwrap();
        self.driver
            .find(By::Css("form[action='/console/logout'] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.driver
            .query(By::Id("sign-in"))
            .first()
            .await
            .expect("signed out");
        let cookies = self.driver.get_all_cookies().await.unwrap();
        assert!(
            cookies.iter().all(|c| c.name != "cp_session"),
            "the browser drops the session cookie too"
        );
    }

    /// Fills in the sign-in form the browser is on.
    async fn sign_in(&self, username: &str) {
        self.driver
            .find(By::Id("username"))
            .await
            .unwrap()
            .send_keys(username)
            .await
            .unwrap();
        self.driver
            .find(By::Id("password"))
            .await
            .unwrap()
            .send_keys(PASSWORD)
            .await
            .unwrap();
        self.driver
            .find(By::Id("sign-in"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        self.driver
            .query(By::ClassName("who"))
            .first()
            .await
            .expect("signed in");
    }

    async fn quit(mut self) {
        self.driver.clone().quit().await.unwrap();
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}

async fn status_of(app: &TestApp, id: &str) -> String {
    let id = id.to_owned();
    app.db
        .run(move |conn| {
            Ok(verifications::table
                .filter(verifications::id.eq(id))
                .select(verifications::status)
                .first::<String>(conn)?)
        })
        .await
        .unwrap()
}

async fn decided_by(app: &TestApp, id: &str) -> (String, Option<String>) {
    let body: Value = app
        .get(&format!("/v1/verifications/{id}"), Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let decision = &body["decisions"][0];
    (
        decision["reviewer"].as_str().unwrap_or_default().to_owned(),
        decision["reason"]["code"].as_str().map(str::to_owned),
    )
}

async fn a_reviewer_works_the_queue_by_keyboard_in_chromium(backend: Backend) {
    // Every decision is sampled for a blind second review; the policy file is the test's own, so
    // ops can change and reload it.
    let policy_dir = tempfile::tempdir().unwrap();
    let policy_path = crate::policy::policy_file(policy_dir.path(), &crate::policy::SHIPPED);
    let policy_file = policy_path.to_str().unwrap().to_owned();
    let app = spawn_app_with(backend, |settings| {
        settings.second_review_rate = 1.0;
        settings.policy_file = policy_file;
        settings.policy_poll_interval_ms = 60_000;
        // A team of one: changes go live in one step (four eyes has a test of its own).
        settings.policy_approvals = 1;
    })
    .await;
    let kim = staff(&app, "kim", Role::Reviewer).await;
    staff(&app, "lee", Role::Senior).await;
    staff(&app, "park", Role::Ops).await;
    let platform = app.token(Role::Platform).await;
    // One real certificate, read by the real pre-check (for the image and its OCR boxes), and two
    // items seeded after it with the lowest risk, so they wait behind it.
    let certificate = tokio::task::spawn_blocking(|| {
        let certificate = documents::random_certificate(21, documents::Layout::Corporate);
        documents::styled(
            &certificate.render(&documents::font()),
            documents::Style::Clean,
            21,
        )
    })
    .await
    .unwrap();
    let uploaded =
        crate::verifications::submit_and_wait(&app, &platform, "gosu-real", certificate).await;
    let ids = seed(
        &app.db,
        vec![
            waiting_item("gosu-2", DocumentType::BusinessRegistration, 0, &[], 0),
            waiting_item("gosu-3", DocumentType::BusinessRegistration, 0, &[], 0),
        ],
    )
    .await;

    let browser = Browser::start().await;
    browser
        .driver
        .goto(app.url("/console/review"))
        .await
        .unwrap();
    browser.screenshot("login", backend).await;
    browser.sign_in("kim").await;
    assert!(
        browser
            .driver
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/console/review"),
        "back where sign-in was asked for"
    );
    browser.screenshot("review-queue", backend).await;

    // N claims the riskiest, then oldest item: the real one.
    browser.press("n").await;
    let first = browser.next_item("").await.expect("an item");
    assert_eq!(first, uploaded);
    let (width, boxes): (Value, Value) = (
        browser
            .driver
            .execute(
                "return document.querySelector('#page img').naturalWidth",
                vec![],
            )
            .await
            .unwrap()
            .json()
            .clone(),
        browser
            .driver
            .execute(
                "return document.querySelectorAll('svg.boxes rect').length",
                vec![],
            )
            .await
            .unwrap()
            .json()
            .clone(),
    );
    assert!(
        width.as_u64().unwrap() > 1000,
        "the document image loaded: {width}"
    );
    assert!(
        boxes.as_u64().unwrap() > 20,
        "OCR word boxes drawn over it: {boxes}"
    );
    browser.screenshot("review-item", backend).await;
    assert!(
        audit_actions(&app, &first)
            .await
            .contains(&"verification.file_viewed".to_owned()),
        "opening the document is audited"
    );

    // A approves and brings the next item: one keystroke for a clean item.
    browser.press("a").await;
    let second = browser.next_item(&first).await.expect("a second item");
    assert!(ids.contains(&second));
    assert_eq!(status_of(&app, &first).await, "approved");
    assert_eq!(decided_by(&app, &first).await.0, format!("staff:{kim}"));

    // R then 1 rejects with the first rejection reason.
    browser.press("r1").await;
    let third = browser.next_item(&second).await.expect("a third item");
    assert!(ids.contains(&third) && third != second);
    assert_eq!(status_of(&app, &second).await, "rejected");
    let first_reject_reason = reasons::all()
        .find(|r| r.decisions.contains(&Decision::Reject))
        .unwrap()
        .code
        .clone();
    assert_eq!(decided_by(&app, &second).await.1, Some(first_reject_reason));

    // S hands the last one back; nothing else waits, so the queue page says so.
    browser.press("s").await;
    assert_eq!(browser.next_item(&third).await, None);
    assert_eq!(status_of(&app, &third).await, "pending_review");
    let waiting = browser
        .driver
        .find(By::Id("waiting"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        waiting, "1",
        "the decided items left the queue; the skipped one waits"
    );

    // Moderation: the scanner's flag with the matched word marked; W warns under the matched
    // category's rule and the queue is empty again.
    let scanned = app.post_json("/v1/scan", &platform, &json!({"surface": "chat", "user_id": "gosu-9", "content_id": "chat-1", "text": "씨발 늦네 빨리 와"})).await;
    assert_eq!(scanned.status().as_u16(), 200);
    browser
        .driver
        .goto(app.url("/console/moderation"))
        .await
        .unwrap();
    browser.press("n").await;
    let flagged = browser.next_item("").await.expect("a moderation item");
    assert_eq!(
        browser
            .driver
            .find(By::Css("#content mark"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "씨발"
    );
    browser.screenshot("moderation-item", backend).await;
    browser.press("w").await;
    assert_eq!(browser.next_item(&flagged).await, None);
    let history: Value = app
        .get("/v1/users/gosu-9/history", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let warning = history["sanctions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "warn" && s["rule"] == "category:profanity");
    let warning = warning
        .unwrap_or_else(|| panic!("a warning under category:profanity: {history}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // A reviewer cannot open the ops pages.
    browser
        .driver
        .goto(app.url("/console/policy"))
        .await
        .unwrap();
    browser
        .driver
        .query(By::Css("[data-error=forbidden]"))
        .first()
        .await
        .expect("refused");
    browser.screenshot("forbidden", backend).await;

    // The user appeals the warning with a picture; a senior sees the statement, the evidence and
    // the rule, and O overturns it: the warning is lifted.
    let filed = crate::appeals::file_appeal(
        &app,
        &platform,
        crate::appeals::appeal_form(
            "sanction",
            &warning,
            "gosu-9",
            vec![crate::appeals::png(640)],
        ),
    )
    .await;
    assert_eq!(filed.status().as_u16(), 201);
    browser.sign_out(&app).await;
    browser.sign_in("lee").await;

    // Second reviews: kim's approval and rejection, blind (no status shown); A approves both, so
    // the senior agrees with one and finds the other a wrong decision.
    browser
        .driver
        .goto(app.url("/console/second-reviews"))
        .await
        .unwrap();
    browser.press("n").await;
    let blind = browser.next_item("").await.expect("a second review");
    assert!(
        browser.driver.find(By::Id("status")).await.is_err(),
        "the first decision stays hidden"
    );
    let lease = browser
        .driver
        .find(By::Id("lease"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        lease.ends_with(" KST"),
        "the senior's lease is shown in Korean time: {lease}"
    );
    browser.screenshot("second-review", backend).await;
    browser.press("a").await;
    let other = browser
        .next_item(&blind)
        .await
        .expect("the second second review");
    browser.press("a").await;
    assert_eq!(browser.next_item(&other).await, None);
    let errors: Vec<Option<String>> = app
        .db
        .run(|conn| {
            Ok(second_reviews::table
                .filter(second_reviews::status.eq("done"))
                .select(second_reviews::error_type)
                .load(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(errors.len(), 2);
    assert!(
        errors.contains(&None) && errors.contains(&Some("wrong_decision".to_owned())),
        "{errors:?}"
    );

    browser
        .driver
        .goto(app.url("/console/appeals"))
        .await
        .unwrap();
    browser.press("n").await;
    let appeal = browser.next_item("").await.expect("an appeal");
    assert_eq!(
        browser
            .driver
            .find(By::Id("rule"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "category:profanity · profanity"
    );
    let evidence: Value = browser
        .driver
        .execute(
            "return document.querySelector('.evidence img').naturalWidth",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(evidence.as_u64(), Some(640), "the evidence image loaded");
    browser.screenshot("appeal-item", backend).await;
    browser.press("o").await;
    assert_eq!(browser.next_item(&appeal).await, None);
    let history: Value = app
        .get("/v1/users/gosu-9/history", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let lifted = history["sanctions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == warning.as_str())
        .unwrap();
    assert!(lifted["lifted_at"].is_string(), "overturned: {lifted}");

    // The dashboard counts kim's two decisions, one of them found wrong, beside the moderation
    // queue's warning and the appeal that overturned it; every hour of the two days is drawn,
    // the empty ones as zero, on labelled axes.
    browser
        .driver
        .goto(app.url("/console/dashboard?group=hour"))
        .await
        .unwrap();
    let figures: Vec<Vec<String>> = browser
        .driver
        .execute(
            "return ['verification', 'moderation', 'appeals'].map(q => ['received', 'decided', 'overturned', 'kinds']
                .map(c => document.querySelector('#queue-' + q + ' .' + c).textContent.trim()))",
            vec![],
        )
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(figures[0], ["3", "2", "–", "승인 1 · 반려 1"]);
    assert_eq!(
        figures[1],
        ["1", "1", "100.0%", "경고 1"],
        "the warning, overturned on appeal"
    );
    assert_eq!(figures[2], ["1", "1", "100.0%", "취소 1"]);
    let rows = browser
        .driver
        .find(By::Id("reviewers"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        rows.contains("kim (test) 2 ") && rows.contains("50.0%") && !rows.contains("staff:"),
        "by name: {rows}"
    );
    let rates: Vec<String> = browser
        .driver
        .execute("return [...document.querySelectorAll('#reviewers tr')].filter(r => r.textContent.includes('kim')).flatMap(r => [r.querySelector('.per-hour').textContent, r.querySelector('.per-day').textContent])", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    // Two decisions a moment apart: one hour and one day worked, unless the test straddled midnight.
    assert!(
        rates == ["2.0", "2.0"] || rates == ["1.0", "1.0"] || rates == ["1.0", "2.0"],
        "per hour and day worked: {rates:?}"
    );
    let chart: (Value, Vec<String>) = (
        browser.driver.execute("return document.querySelectorAll('#chart-volume rect').length", vec![]).await.unwrap().json().clone(),
        browser.driver.execute("return [...document.querySelectorAll('#chart-volume text.title')].map(t => t.textContent)", vec![]).await.unwrap().convert().unwrap(),
    );
    assert!(
        chart.0.as_u64().unwrap() >= 2 * 48,
        "received and decided for each of 48 hours or more: {}",
        chart.0
    );
    assert_eq!(chart.1, ["시각 (KST)", "건수"]);
    browser.screenshot("dashboard", backend).await;
    // The month view of the appeal queue: 30 days, the one appeal decided within its target.
    browser
        .driver
        .find(By::Css("#views a:nth-child(3)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .driver
        .find(By::Css("#charted a:nth-child(3)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let url = browser.driver.current_url().await.unwrap();
    assert_eq!(url.query(), Some("group=day&days=30&queue=appeals"));
    let within: Vec<String> = browser
        .driver
        .execute("return [...document.querySelectorAll('#chart-within rect title')].map(t => t.textContent)", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(within.len(), 1, "one day with decisions: {within:?}");
    assert!(within[0].ends_with(": 100%"), "{within:?}");
    browser.scroll_to("charted").await;
    browser.screenshot("dashboard-appeals-month", backend).await;

    // Sign in as ops: the policy page, then English.
    browser.sign_out(&app).await;
    browser.sign_in("park").await;
    browser
        .driver
        .goto(app.url("/console/policy"))
        .await
        .unwrap();
    let version = browser
        .driver
        .query(By::Id("active-version"))
        .first()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(version.ends_with(" v1"), "{version}");
    // A changed file, reloaded from the page, becomes v2; rolling back makes v1 active again.
    crate::policy::write(&policy_path, &crate::policy::policy_version(2, &["바보"]));
    browser
        .driver
        .find(By::Id("reload"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .driver
        .query(By::XPath(
            "//span[@id='active-version'][contains(., ' v2')]",
        ))
        .first()
        .await
        .expect("v2 active");
    browser.screenshot("policy", backend).await;
    // Rolling back asks why, and to confirm.
    browser
        .driver
        .find(By::Css("#versions form.rollback input[name=reason]"))
        .await
        .unwrap()
        .send_keys("오탐이 많음")
        .await
        .unwrap();
    browser
        .driver
        .find(By::Css("#versions button.activate"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.driver.accept_alert().await.expect("a confirmation");
    browser
        .driver
        .query(By::XPath(
            "//span[@id='active-version'][contains(., ' v1')]",
        ))
        .first()
        .await
        .expect("v1 active again");
    let activation = browser
        .driver
        .find(By::XPath("//td[contains(., 'rollback: 오탐이 많음')]"))
        .await;
    assert!(
        activation.is_ok(),
        "the rollback is recorded with its reason"
    );
    // The diff between the two versions names the added term; a candidate file is backtested over
    // the stored scans (the chat warned above among them) without being activated.
    // Compare starts on another version and the active one, never a version against itself.
    let selected: Value = browser.driver.execute("return [document.querySelector('#diff-form [name=from]').value, document.querySelector('#diff-form [name=to]').value]", vec![]).await.unwrap().json().clone();
    assert_eq!(
        selected,
        json!(["2", "1"]),
        "after the rollback: what it changed, v2 → v1"
    );
    browser
        .driver
        .goto(app.url("/console/policy?from=1&to=2"))
        .await
        .unwrap();
    let diff = browser
        .driver
        .find(By::Id("diff"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(diff.contains("바보"), "{diff}");
    browser.scroll_to("diff-form").await;
    browser.screenshot("policy-diff", backend).await;
    let candidate = crate::policy::policy_version(3, &["빨리"]);
    browser
        .driver
        .execute(
            "document.querySelector('#backtest-form textarea').value = arguments[0]",
            vec![json!(candidate)],
        )
        .await
        .unwrap();
    browser
        .driver
        .find(By::Css("#backtest-form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let report = browser
        .driver
        .query(By::Id("backtest-report"))
        .first()
        .await
        .expect("a backtest report")
        .text()
        .await
        .unwrap();
    assert!(report.contains("profanity"), "{report}");
    let version = browser
        .driver
        .find(By::Id("active-version"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        version.ends_with(" v1"),
        "a backtest activates nothing: {version}"
    );
    // The scanned chat's term counts one hit and one overturned appeal (the warning above).
    let terms = browser
        .driver
        .find(By::Id("rates-term"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = terms
        .lines()
        .find(|l| l.contains("씨발"))
        .unwrap_or_else(|| panic!("{terms}"));
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["profanity", "씨발", "1", "1", "1", "0", "100%"],
        "{row}"
    );
    browser.scroll_to("backtest-report").await;
    browser.screenshot("policy-backtest", backend).await;
    browser
        .driver
        .find(By::ClassName("lang"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .driver
        .query(By::XPath("//h1[starts-with(., 'Active policy')]"))
        .first()
        .await
        .expect("English");
    browser.quit().await;
}

/// Seconds until the item's lease runs out (negative once it has).
async fn lease_left(app: &TestApp, id: &str) -> i64 {
    let id = id.to_owned();
    let until: Option<chrono::NaiveDateTime> = app
        .db
        .run(move |conn| {
            Ok(verifications::table
                .find(id)
                .select(verifications::claim_expires_at)
                .first(conn)?)
        })
        .await
        .unwrap();
    until.map_or(i64::MIN, |t| {
        (t - chrono::Utc::now().naive_utc()).num_seconds()
    })
}

/// Waits until `check` holds (it polls), failing with `what` after 20 s.
async fn eventually<F: std::future::Future<Output = bool>>(
    what: &str,
    mut check: impl FnMut() -> F,
) {
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(browser: &Browser, id: &str) -> String {
    browser
        .driver
        .find(By::Id(id))
        .await
        .unwrap_or_else(|_| panic!("#{id} on the page"))
        .text()
        .await
        .unwrap()
}

async fn verification(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/v1/verifications/{id}"), Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap()
}

/// The paths that used to dead-end: a request for more documents by M and a digit, a reject with
/// a note, an error shown in place with what was typed kept, an overturned appeal in front of the
/// next reviewer, a fraud report warned under its own rule, a form the browser finds incomplete.
async fn the_daily_workflows_complete_by_keyboard_in_chromium(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.second_review_rate = 0.0).await;
    let kim = staff(&app, "kim", Role::Reviewer).await;
    staff(&app, "lee", Role::Senior).await;
    let platform = app.token(Role::Platform).await;
    let ids = seed(
        &app.db,
        vec![
            waiting_item("gosu-a", DocumentType::BusinessRegistration, 30, &[], 3),
            waiting_item("gosu-b", DocumentType::BusinessRegistration, 20, &[], 2),
            waiting_item("gosu-c", DocumentType::BusinessRegistration, 10, &[], 1),
        ],
    )
    .await;
    let browser = Browser::start().await;
    browser
        .driver
        .goto(app.url("/console/review"))
        .await
        .unwrap();
    browser.sign_in("kim").await;

    // M, 1: more documents, the reason's usual ones preset.
    browser.press("n").await;
    assert_eq!(
        browser.next_item("").await.as_deref(),
        Some(ids[0].as_str())
    );
    browser.press("m1").await;
    assert_eq!(
        browser.next_item(&ids[0]).await.as_deref(),
        Some(ids[1].as_str())
    );
    let asked = verification(&app, &ids[0]).await;
    assert_eq!(asked["status"], "needs_more");
    let preset = &reasons::find("blurry_image").unwrap().documents;
    assert_eq!(
        asked["decisions"][0]["documents_requested"],
        json!(preset),
        "{asked}"
    );

    // R, E, a note, Esc, 1: a rejection with a note.
    browser.press("re").await;
    browser
        .driver
        .action_chain()
        .send_keys("모서리가 잘렸습니다")
        .perform()
        .await
        .unwrap();
    browser
        .driver
        .action_chain()
        .send_keys(Key::Escape)
        .perform()
        .await
        .unwrap();
    browser.press("1").await;
    assert_eq!(
        browser.next_item(&ids[1]).await.as_deref(),
        Some(ids[2].as_str())
    );
    let rejected = verification(&app, &ids[1]).await;
    assert_eq!(
        (
            rejected["status"].as_str(),
            rejected["decisions"][0]["note"].as_str()
        ),
        (Some("rejected"), Some("모서리가 잘렸습니다"))
    );

    // The provider appeals the rejection; kim leaves (the item on screen goes back to the queue).
    let filed = crate::appeals::file_appeal(
        &app,
        &platform,
        crate::appeals::appeal_form("verification", &ids[1], "gosu-b", vec![]),
    )
    .await;
    assert_eq!(filed.status().as_u16(), 201);
    browser.sign_out(&app).await;
    eventually("closing the item page hands it back", || async {
        status_of(&app, &ids[2]).await == "pending_review"
    })
    .await;

    // The senior sees the document and the decision; a reduction (which a rejection cannot have)
    // is refused in place, in Korean, with the note as typed; the keys still work: O overturns it.
    browser.sign_in("lee").await;
    browser
        .driver
        .goto(app.url("/console/appeals"))
        .await
        .unwrap();
    browser.press("n").await;
    let appeal = browser.next_item("").await.expect("the appeal");
    assert!(
        browser
            .driver
            .find(By::Css("#appealed-document img"))
            .await
            .is_ok(),
        "the document beside the appeal"
    );
    assert!(
        text_of(&browser, "appealed-decisions")
            .await
            .contains("kim (test)"),
        "the reviewer by name"
    );
    let note = browser
        .driver
        .find(By::Css("#action-form textarea[name=note]"))
        .await
        .unwrap();
    note.clear().await.unwrap();
    note.send_keys("선명한 사본으로 다시 심사합니다")
        .await
        .unwrap();
    browser
        .driver
        .find(By::Tag("h2"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // R asks for the days first; 3 and Enter send the reduction.
    browser.press("r").await;
    browser
        .driver
        .action_chain()
        .send_keys("3")
        .perform()
        .await
        .unwrap();
    browser
        .driver
        .action_chain()
        .send_keys(Key::Enter)
        .perform()
        .await
        .unwrap();
    let error = browser
        .driver
        .query(By::Css("#action-form .form-error"))
        .first()
        .await
        .expect("the error in place")
        .text()
        .await
        .unwrap();
    assert!(
        error.contains("감경") || error.contains("결정"),
        "in Korean: {error}"
    );
    assert_eq!(
        note.prop("value").await.unwrap().as_deref(),
        Some("선명한 사본으로 다시 심사합니다"),
        "the note is kept"
    );
    browser.screenshot("error-in-place", backend).await;
    browser.press("o").await;
    assert_eq!(browser.next_item(&appeal).await, None);

    // Back in the queue, the item shows the appeal, the outcome and the senior's note.
    browser.sign_out(&app).await;
    browser.sign_in("kim").await;
    browser
        .driver
        .goto(app.url("/console/review"))
        .await
        .unwrap();
    browser.press("n").await;
    assert_eq!(
        browser.next_item("").await.as_deref(),
        Some(ids[1].as_str()),
        "the overturned item is the riskiest waiting"
    );
    let trace = text_of(&browser, "appeals").await;
    assert!(
        trace.contains("취소")
            && trace.contains("선명한 사본으로 다시 심사합니다")
            && trace.contains("lee (test)"),
        "{trace}"
    );
    browser.screenshot("review-after-appeal", backend).await;
    browser.press("a").await;
    assert_eq!(
        browser.next_item(&ids[1]).await.as_deref(),
        Some(ids[2].as_str())
    );

    // A fraud report with no scanner match: the rule is fraud's, not the policy's first category.
    // The browser refuses an empty reason; the keys still work once it is filled in.
    let report = json!({"reporter_id": "cust-1", "surface": "chat", "content_id": "chat-9", "author_id": "gosu-f",
        "snapshot": "계약금 먼저 보내주시면 바로 시작합니다", "reason": "fraud", "details": "선입금 요구"});
    assert_eq!(
        app.post_json("/v1/reports", &platform, &report)
            .await
            .status()
            .as_u16(),
        201
    );
    browser
        .driver
        .goto(app.url("/console/moderation"))
        .await
        .unwrap();
    browser.press("n").await;
    let reported = browser.next_item("").await.expect("the report");
    let rule: Value = browser
        .driver
        .execute(
            "return document.querySelector('#action-form [name=rule]').value",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(rule, "category:fraud");
    browser
        .driver
        .execute(
            "document.querySelector('#action-form [name=reason]').value = ''",
            vec![],
        )
        .await
        .unwrap();
    browser.press("w").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        browser
            .driver
            .find(By::Id("item"))
            .await
            .unwrap()
            .attr("data-id")
            .await
            .unwrap()
            .as_deref(),
        Some(reported.as_str()),
        "not sent"
    );
    browser
        .driver
        .find(By::Css("#action-form [name=reason]"))
        .await
        .unwrap()
        .send_keys("선입금 요구")
        .await
        .unwrap();
    browser
        .driver
        .find(By::Tag("h2"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.press("w").await;
    assert_eq!(browser.next_item(&reported).await, None);
    let history: Value = app
        .get("/v1/users/gosu-f/history", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            history["sanctions"][0]["kind"].as_str(),
            history["sanctions"][0]["rule"].as_str()
        ),
        (Some("warn"), Some("category:fraud")),
        "{history}"
    );
    assert_eq!(decided_by(&app, &ids[1]).await.0, format!("staff:{kim}"));

    // A suspension: U takes the form's 7 days and Enter sends it; the user appeals, and a senior
    // reduces it by keyboard (R, 3, Enter): it now ends 3 days after it began.
    let scanned = app.post_json("/v1/scan", &platform, &json!({"surface": "chat", "user_id": "gosu-s", "content_id": "chat-s", "text": "씨발 늦네 빨리 와"})).await;
    assert_eq!(scanned.status().as_u16(), 200);
    browser
        .driver
        .goto(app.url("/console/moderation"))
        .await
        .unwrap();
    browser.press("n").await;
    let flagged = browser.next_item("").await.expect("the flagged chat");
    browser.press("u").await;
    browser
        .driver
        .action_chain()
        .send_keys(Key::Enter)
        .perform()
        .await
        .unwrap();
    assert_eq!(browser.next_item(&flagged).await, None);
    let suspension = || async {
        let history: Value = app
            .get("/v1/users/gosu-s/history", Some(&app.admin_token))
            .await
            .json()
            .await
            .unwrap();
        let suspension = history["sanctions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["kind"] == "suspend")
            .cloned();
        let suspension = suspension.unwrap_or_else(|| panic!("a suspension: {history}"));
        let at = |field: &str| {
            chrono::DateTime::parse_from_rfc3339(suspension[field].as_str().unwrap()).unwrap()
        };
        (
            suspension["id"].as_str().unwrap().to_owned(),
            (at("ends_at") - at("starts_at")).num_hours(),
        )
    };
    let (suspended, hours) = suspension().await;
    assert_eq!(hours, 7 * 24);
    let filed = crate::appeals::file_appeal(
        &app,
        &platform,
        crate::appeals::appeal_form("sanction", &suspended, "gosu-s", vec![]),
    )
    .await;
    assert_eq!(filed.status().as_u16(), 201);
    browser.sign_out(&app).await;
    browser.sign_in("lee").await;
    browser
        .driver
        .goto(app.url("/console/appeals"))
        .await
        .unwrap();
    browser.press("n").await;
    let appeal = browser
        .next_item("")
        .await
        .expect("the appeal of the suspension");
    browser.press("r").await;
    browser
        .driver
        .action_chain()
        .send_keys("3")
        .perform()
        .await
        .unwrap();
    browser
        .driver
        .action_chain()
        .send_keys(Key::Enter)
        .perform()
        .await
        .unwrap();
    assert_eq!(
        browser.next_item(&appeal).await,
        None,
        "reduced with three keys"
    );
    assert_eq!(
        suspension().await,
        (suspended, 3 * 24),
        "the suspension ends 3 days after it began"
    );
    browser.sign_out(&app).await;
    browser.sign_in("kim").await;

    // The time targets (verification 24 h): one item past it, one passing it within the hour,
    // each linked, and the same figures for alerts in /metrics.
    let late = seed(
        &app.db,
        vec![
            waiting_item(
                "gosu-late",
                DocumentType::BusinessRegistration,
                0,
                &[],
                25 * 60,
            ),
            waiting_item(
                "gosu-soon",
                DocumentType::BusinessRegistration,
                0,
                &[],
                23 * 60 + 30,
            ),
        ],
    )
    .await;
    browser
        .driver
        .goto(app.url("/console/dashboard"))
        .await
        .unwrap();
    let row = browser
        .driver
        .find(By::Id("sla-verification"))
        .await
        .unwrap();
    assert_eq!(
        row.find(By::ClassName("breached-count"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "1"
    );
    assert_eq!(
        row.find(By::ClassName("due-count"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "1"
    );
    let links: Vec<String> = browser
        .driver
        .execute("return [...document.querySelectorAll('#sla-verification td a')].map(a => a.getAttribute('href'))", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(
        links,
        late.iter()
            .map(|id| format!("/console/review/{id}"))
            .collect::<Vec<_>>(),
        "oldest first"
    );
    browser.screenshot("dashboard-sla", backend).await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("checkpoint_sla_breached_items{queue=\"verification\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("checkpoint_sla_due_within_hour_items{queue=\"verification\"} 1"));
    browser.quit().await;
}

/// One reviewer holds one item: N elsewhere resumes it; closing a tab hands it back; the page
/// that lost it says so and its decision keys stop; an idle page lets it go.
async fn a_lease_follows_the_open_page_in_chromium(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.review_lease_secs = 6;
        s.console_idle_secs = 2;
        s.console_leave_grace_secs = 2;
    })
    .await;
    let kim = staff(&app, "kim", Role::Reviewer).await;
    let ids = seed(
        &app.db,
        vec![
            waiting_item("gosu-a", DocumentType::BusinessRegistration, 30, &[], 2),
            waiting_item("gosu-b", DocumentType::BusinessRegistration, 10, &[], 1),
        ],
    )
    .await;
    let held_by_kim = || {
        let owner = format!("staff:{kim}");
        app.db.run(move |conn| {
            Ok(verifications::table
                .filter(verifications::claimed_by.eq(owner))
                .filter(verifications::status.eq("in_review"))
                .count()
                .get_result::<i64>(conn)?)
        })
    };
    let browser = Browser::start().await;
    browser
        .driver
        .goto(app.url("/console/review"))
        .await
        .unwrap();
    browser.sign_in("kim").await;
    browser.press("n").await;
    assert_eq!(
        browser.next_item("").await.as_deref(),
        Some(ids[0].as_str())
    );
    let first_tab = browser.driver.window().await.unwrap();
    // While someone works here the page renews the lease, shown in Korean time.
    let until = text_of(&browser, "lease").await;
    for _ in 0..8 {
        browser.press("b").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let renewed = text_of(&browser, "lease").await;
    assert!(
        renewed != until && renewed.ends_with(" KST"),
        "{until} → {renewed}"
    );

    // A second tab: N shows the item already held instead of claiming another; reloading it
    // keeps the item (the closing page's leave leaves a grace the reloaded page renews).
    let second_tab = browser.driver.new_tab().await.unwrap();
    browser
        .driver
        .switch_to_window(second_tab.clone())
        .await
        .unwrap();
    browser
        .driver
        .goto(app.url("/console/review"))
        .await
        .unwrap();
    browser.press("n").await;
    assert_eq!(
        browser.next_item("").await.as_deref(),
        Some(ids[0].as_str()),
        "resumed, not reclaimed"
    );
    assert_eq!(held_by_kim().await.unwrap(), 1);
    browser.driver.refresh().await.unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        browser.driver.find(By::Id("not-held")).await.is_err(),
        "the reloaded page still holds the item"
    );
    assert!(
        lease_left(&app, &ids[0]).await >= 0,
        "past the grace, the reload renewed the lease"
    );

    // Closing that tab while the first one is in use: the first renews at once and keeps the
    // item past the grace.
    browser
        .driver
        .switch_to_window(first_tab.clone())
        .await
        .unwrap();
    browser.press("b").await;
    browser.driver.switch_to_window(second_tab).await.unwrap();
    browser.driver.close_window().await.unwrap();
    browser.driver.switch_to_window(first_tab).await.unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        lease_left(&app, &ids[0]).await >= 0,
        "the open tab kept the lease past the closed one's grace"
    );
    assert!(browser
        .driver
        .find(By::Css("#lease-lost:not([hidden])"))
        .await
        .is_err());

    // Left alone, the first tab stops renewing and says the lease is gone; another reviewer
    // takes the item, and A decides nothing there.
    browser
        .driver
        .query(By::Css("#lease-lost:not([hidden])"))
        .wait(Duration::from_secs(15), Duration::from_millis(100))
        .first()
        .await
        .expect("the lost lease is said");
    let other = app.token(Role::Reviewer).await;
    let taken: Value = app
        .client
        .post(app.url("/v1/review/claim"))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(taken["id"], ids[0].as_str());
    let approve = json!({"decision": "approve"});
    let disabled: Value = browser
        .driver
        .execute("return document.getElementById('approve').disabled", vec![])
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(disabled, true);
    browser.screenshot("lease-lost", backend).await;
    browser.press("a").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        verification(&app, &ids[0]).await["decisions"]
            .as_array()
            .map(Vec::len),
        Some(0),
        "a lost lease decides nothing"
    );
    assert_eq!(
        app.post_json(
            &format!("/v1/verifications/{}/decision", ids[0]),
            &other,
            &approve
        )
        .await
        .status()
        .as_u16(),
        201
    );

    // N from the notice claims the next item; left alone, the page stops renewing and the lease
    // runs out, and the other reviewer takes that one too.
    browser.press("n").await;
    eventually("the next item claimed", || async {
        held_by_kim().await.unwrap() == 1
    })
    .await;
    browser
        .driver
        .query(By::Css("#idle:not([hidden])"))
        .wait(Duration::from_secs(15), Duration::from_millis(100))
        .first()
        .await
        .expect("idle is said");
    browser
        .driver
        .query(By::Css("#lease-lost:not([hidden])"))
        .wait(Duration::from_secs(20), Duration::from_millis(100))
        .first()
        .await
        .expect("the idle page lets go");
    let taken: Value = app
        .client
        .post(app.url("/v1/review/claim"))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        taken["id"],
        ids[1].as_str(),
        "another reviewer takes the item the idle page let go"
    );
    assert_eq!(
        app.post_json(
            &format!("/v1/verifications/{}/decision", ids[1]),
            &other,
            &approve
        )
        .await
        .status()
        .as_u16(),
        201
    );

    // A page closed for good: its item goes back to the queue once the grace has passed.
    let third = seed(
        &app.db,
        vec![waiting_item(
            "gosu-c",
            DocumentType::BusinessRegistration,
            50,
            &[],
            0,
        )],
    )
    .await;
    browser
        .driver
        .goto(app.url("/console/review"))
        .await
        .unwrap();
    browser.press("n").await;
    assert_eq!(
        browser.next_item("").await.as_deref(),
        Some(third[0].as_str())
    );
    browser
        .driver
        .goto(app.url("/console/dashboard"))
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let taken = app
            .client
            .post(app.url("/v1/review/claim"))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap();
        if taken.status().as_u16() == 200 {
            assert_eq!(
                taken.json::<Value>().await.unwrap()["id"],
                third[0].as_str()
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the closed page's item never came back: {}",
            taken.status()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "not before the grace"
    );
    assert!(audit_actions(&app, &third[0])
        .await
        .contains(&"verification.left".to_owned()));
    browser.quit().await;
}

/// A two-page scanned PDF: the viewer shows each page as an image (rendered by poppler), the
/// first with the OCR's word boxes over it; each page view is audited, and a page past the last
/// is a page of its own saying so. The claim names another business number: the flag says which
/// two, in Korean.
async fn a_scanned_pdf_shows_as_page_images_in_chromium(backend: Backend) {
    let app = spawn_app(backend).await;
    staff(&app, "kim", Role::Reviewer).await;
    let platform = app.token(Role::Platform).await;
    let pdf = tokio::task::spawn_blocking(|| {
        let page = documents::random_certificate(31, documents::Layout::Individual)
            .render(&documents::font());
        let jpeg = documents::jpeg(&image::DynamicImage::ImageLuma8(page.clone()), 85);
        documents::pdf::scan_pdf_pages(&[
            (&jpeg, page.width(), page.height()),
            (&jpeg, page.width(), page.height()),
        ])
    })
    .await
    .unwrap();
    let claimed = json!({"business_number": "124-81-00998"});
    let id =
        crate::verifications::submit_claimed_and_wait(&app, &platform, "gosu-pdf", &claimed, pdf)
            .await;
    let browser = Browser::start().await;
    browser
        .driver
        .goto(app.url("/console/review"))
        .await
        .unwrap();
    browser.sign_in("kim").await;
    browser.press("n").await;
    assert_eq!(browser.next_item("").await.as_deref(), Some(id.as_str()));
    browser
        .driver
        .query(By::Css("#page .sheet:nth-child(2) img"))
        .first()
        .await
        .expect("the second page");
    let pages: Value = browser
        .driver
        .execute(
            "const imgs = [...document.querySelectorAll('#page .sheet img')]; imgs.forEach(i => i.loading = 'eager');
             return new Promise(done => { const check = () => imgs.every(i => i.complete) ? done(imgs.map(i => i.naturalWidth)) : setTimeout(check, 100); check(); })",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    let widths: Vec<u64> = pages
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_u64().unwrap())
        .collect();
    assert!(
        widths.len() == 2 && widths.iter().all(|w| *w > 1000),
        "both pages drawn: {widths:?}"
    );
    let boxes: Value = browser
        .driver
        .execute(
            "return document.querySelectorAll('#page .sheet:first-child svg.boxes rect').length",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    assert!(
        boxes.as_u64().unwrap() > 20,
        "the OCR's words over the first page: {boxes}"
    );
    let flag: Vec<String> = browser
        .driver
        .execute("const f = document.querySelector('.flags li.high'); return [f.querySelector('strong').textContent, f.querySelector('small').textContent, f.querySelector('small').lang]", vec![])
        .await
        .unwrap()
        .convert()
        .unwrap();
    assert_eq!(flag[0], "사업자번호가 신청 내용과 다릅니다");
    assert!(
        flag[1].starts_with("서류에는 ")
            && flag[1].ends_with(", 신청에는 124-81-00998")
            && flag[2] == "ko",
        "{flag:?}"
    );
    browser.screenshot("review-pdf", backend).await;
    assert!(
        audit_actions(&app, &id)
            .await
            .iter()
            .filter(|a| *a == "verification.file_viewed")
            .count()
            >= 2,
        "each page view is audited"
    );
    browser
        .driver
        .goto(app.url(&format!("/console/review/{id}/pages/3")))
        .await
        .unwrap();
    let error = browser
        .driver
        .find(By::Css("[data-error=not_found]"))
        .await
        .expect("a page past the last is not found");
    assert!(!error.text().await.unwrap().is_empty());
    browser.quit().await;
}

/// A warning's notification carries a signed link; the user opens it, states their case with a
/// picture, and the appeal waits for a senior. Forged links and a second appeal are refused.
async fn a_user_appeals_through_the_signed_link(backend: Backend) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let receiver = crate::review::Receiver::start(listener, 200);
    let app = spawn_app_with(backend, |s| {
        s.webhook_url = Some(format!("http://127.0.0.1:{port}/hooks"));
        s.webhook_secret = Some("whsec_test".to_owned());
        s.appeal_link_secret = "appeal link secret".to_owned();
        s.public_url = "https://gosu.example".to_owned();
    })
    .await;
    let (platform, moderator) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
    );
    app.post_json(
        "/v1/scan",
        &platform,
        &json!({"surface": "chat", "user_id": "gosu-7", "content_id": "c-7", "text": "씨발 늦네"}),
    )
    .await;
    let item: Value = app
        .client
        .post(app.url("/v1/moderation/claim"))
        .bearer_auth(&moderator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let action = json!({"action": "warn", "reason": "욕설", "rule": "category:profanity"});
    let acted = app
        .post_json(
            &format!("/v1/moderation/{}/action", item["id"].as_str().unwrap()),
            &moderator,
            &action,
        )
        .await;
    assert_eq!(acted.status().as_u16(), 200);

    let started = Instant::now();
    let notification = loop {
        let found = receiver
            .received
            .lock()
            .unwrap()
            .iter()
            .map(|(_, body)| serde_json::from_str::<Value>(body).unwrap())
            .find(|e| e["type"] == "sanction.imposed");
        if let Some(event) = found {
            break event;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no sanction notification"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let link = notification["data"]["appeal_url"]
        .as_str()
        .expect("an appeal link in the notification");
    let path = link
        .strip_prefix("https://gosu.example")
        .expect("under the public URL")
        .to_owned();

    let form = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(form.status().as_u16(), 200);
    assert!(form.text().await.unwrap().contains("소명"));
    let forged = format!("{}x", &path[..path.len() - 1]);
    assert_eq!(
        app.client
            .get(app.url(&forged))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );

    let submit = || {
        let form = reqwest::multipart::Form::new()
            .text("statement", "상대가 먼저 욕했습니다")
            .part(
                "evidence",
                reqwest::multipart::Part::bytes(crate::appeals::png(320)).file_name("capture.png"),
            );
        app.client.post(app.url(&path)).multipart(form).send()
    };
    // The user opens the link in a browser, states their case, attaches a capture and sends it.
    let capture = std::env::temp_dir().join(format!("capture-{}.png", uuid::Uuid::new_v4()));
    std::fs::write(&capture, crate::appeals::png(320)).unwrap();
    let browser = Browser::start().await;
    browser.driver.goto(app.url(&path)).await.unwrap();
    browser
        .driver
        .find(By::Id("statement"))
        .await
        .unwrap()
        .send_keys("상대가 먼저 욕했습니다")
        .await
        .unwrap();
    browser
        .driver
        .find(By::Id("evidence"))
        .await
        .unwrap()
        .send_keys(capture.to_str().unwrap())
        .await
        .unwrap();
    browser.screenshot("user-appeal", backend).await;
    browser
        .driver
        .find(By::Id("submit-appeal"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .driver
        .query(By::Id("filed"))
        .first()
        .await
        .expect("the appeal is received");
    browser.quit().await;
    std::fs::remove_file(&capture).unwrap();
    let history: Value = app
        .get("/v1/users/gosu-7/history", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    let appeal = &history["appeals"][0];
    assert_eq!(
        (appeal["case_type"].as_str(), appeal["status"].as_str()),
        (Some("sanction"), Some("pending_review"))
    );
    let appeal_id = appeal["id"].as_str().unwrap().to_owned();
    assert_eq!(
        audit_actions(&app, &appeal_id).await,
        vec!["appeal.submitted"]
    );
    let evidence: Vec<i64> = app
        .db
        .run(move |conn| {
            Ok(attachments::table
                .filter(attachments::owner_id.eq(appeal_id))
                .select(attachments::file_size)
                .load(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(
        evidence,
        [crate::appeals::png(320).len() as i64],
        "the capture is kept as evidence"
    );

    let again = submit().await.unwrap();
    assert_eq!(again.status().as_u16(), 409);
    assert!(again.text().await.unwrap().contains("appeal_open"));
}

/// A text no word catches, flagged by the policy's learned score: the verdict says so, and the
/// moderation page names the letter pairs that weighed most instead of marking the whole text.
async fn a_learned_score_flag_is_explained_on_the_moderation_page(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("model")).unwrap();
    crate::policy::write(
        &dir.path().join("model/w.tsv"),
        "# test weights\nbias\t-2\n3.0\t멍멍\n",
    );
    let source = "version = 1\nname = \"small\"\n[[category]]\nid = \"rude\"\nseverity = \"medium\"\nterms = [\"바보\"]\n\
                  [score]\nweights_file = \"model/w.tsv\"\nthreshold = 0.5\n";
    let file = crate::policy::policy_file(dir.path(), source)
        .to_str()
        .unwrap()
        .to_owned();
    let app = spawn_app_with(backend, |s| {
        s.policy_file = file;
        s.policy_poll_interval_ms = 60_000;
    })
    .await;
    let platform = app.token(Role::Platform).await;
    let text = "이 멍멍아 진짜";
    let verdict: Value = app
        .post_json(
            "/v1/scan",
            &platform,
            &json!({"surface": "chat", "user_id": "u1", "content_id": "c1", "text": text}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verdict["action"], "flag", "{verdict}");
    assert_eq!(verdict["matches"][0]["category"], "abuse_score");
    assert!(verdict["sanction"].is_null());
    let moderator = app.token(Role::Reviewer).await;
    let item: Value = app
        .client
        .post(app.url("/v1/moderation/claim"))
        .bearer_auth(&moderator)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = item["id"]
        .as_str()
        .expect("the flag queued an item")
        .to_owned();

    staff(&app, "kim", Role::Reviewer).await;
    let client = no_redirects();
    let cookie = session_cookie(&sign_in(&app, &client, "kim", PASSWORD).await);
    let (status, html) = page(&app, &client, &cookie, &format!("/console/moderation/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("학습 점수를 높인 글자쌍"),
        "the explanation's heading, in Korean"
    );
    let why = &html[html.find("id=\"score-why\"").expect("the explanation")..];
    assert!(
        why[..why.find("</ul>").unwrap()].contains("<code>멍멍</code> ×1 <span>+3.00</span>"),
        "{why}"
    );
    assert!(
        !html.contains("<mark title=\"abuse_score\">"),
        "the whole text is not marked"
    );
    // A word of the policy with a low score: the word's match alone.
    let plain: Value = app
        .post_json(
            "/v1/scan",
            &platform,
            &json!({"surface": "chat", "user_id": "u2", "content_id": "c2", "text": "바보"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(plain["matches"].as_array().unwrap().len(), 1, "{plain}");
}

/// Four eyes on the policy page: one ops person pastes a candidate and proposes it by keyboard,
/// reads its impact report, cannot approve it themselves; a second approves and it goes live.
async fn ops_propose_by_pasting_and_a_second_person_approves_in_chromium(backend: Backend) {
    use crate::proposals::{app_with_policy, edited, scan};
    let (app, _dir) = app_with_policy(backend, 2).await;
    staff(&app, "park", Role::Ops).await;
    staff(&app, "choi", Role::Ops).await;
    let platform = app.token(Role::Platform).await;
    for (i, text) in ["바보야", "이 바보", "안녕하세요", "씨발 늦네"]
        .iter()
        .enumerate()
    {
        scan(&app, &platform, &format!("u{i}"), &format!("c{i}"), text).await;
    }
    let shipped = *crate::policy::SHIPPED_VERSION;
    let browser = Browser::start().await;
    browser
        .driver
        .goto(app.url("/console/policy"))
        .await
        .unwrap();
    browser.sign_in("park").await;
    browser
        .driver
        .goto(app.url("/console/policy"))
        .await
        .unwrap();
    // Pasted, as from an editor; proposed without a reason, the page says so in place, in Korean,
    // and keeps the pasted file.
    let candidate = edited(shipped + 1, &["바보"], &[]);
    browser
        .driver
        .execute(
            "document.querySelector('#backtest-form textarea').value = arguments[0]",
            vec![json!(candidate)],
        )
        .await
        .unwrap();
    browser
        .driver
        .find(By::Id("propose"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let error = browser
        .driver
        .query(By::Id("backtest-error"))
        .first()
        .await
        .expect("the error in place")
        .text()
        .await
        .unwrap();
    assert!(error.contains("사유를 적으세요"), "{error}");
    let kept: Value = browser
        .driver
        .execute(
            "return document.querySelector('#backtest-form textarea').value",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(kept.as_str().map(|k| k.contains("\"바보\"")), Some(true));
    // The reason, then Tab to "propose" and Enter.
    browser
        .driver
        .find(By::Id("proposal-reason"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.press("바보를 욕설에 추가\t\u{E007}").await;
    let section = browser
        .driver
        .query(By::Css("section.proposal-pending"))
        .first()
        .await
        .expect("the proposal on the page");
    let text = section.text().await.unwrap();
    for expected in [
        "승인 대기",
        "제안자 park (test)",
        "바보를 욕설에 추가",
        "(1/2)",
        "직접 올린 제안은 다른 사람이 승인해야 합니다.",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    // Items a day: 1 flagged now, 3 with the candidate.
    let items = section
        .find(By::XPath(".//table[contains(@class,'impact')]//tr[2]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(items.ends_with("1.0 3.0"), "{items}");
    assert!(
        section.find(By::ClassName("approve")).await.is_err(),
        "no approve button on one's own proposal"
    );
    browser
        .scroll_to(&section.attr("id").await.unwrap().unwrap())
        .await;
    browser.screenshot("policy-proposal", backend).await;

    // A second ops person approves; it goes live.
    browser.sign_out(&app).await;
    browser.sign_in("choi").await;
    browser
        .driver
        .goto(app.url("/console/policy#proposals"))
        .await
        .unwrap();
    browser
        .driver
        .find(By::Css("section.proposal-pending button.approve"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.driver.accept_alert().await.expect("a confirmation");
    browser
        .driver
        .query(By::XPath(format!(
            "//span[@id='active-version'][contains(., ' v{}')]",
            shipped + 1
        )))
        .first()
        .await
        .expect("the proposal is active");
    let done = browser
        .driver
        .query(By::Css("section.proposal-activated"))
        .first()
        .await
        .expect("marked activated")
        .text()
        .await
        .unwrap();
    assert!(
        done.contains("적용됨") && done.contains("choi (test)") && done.contains("(2/2)"),
        "{done}"
    );
    browser.screenshot("policy-approved", backend).await;
    browser.quit().await;
    assert_eq!(
        scan(&app, &platform, "u9", "c9", "바보야").await["action"],
        "flag"
    );
}
