//! Document intake and the OCR pre-check, end to end: generated certificates through real HTTP,
//! real storage, real Tesseract and poppler, on SQLite and PostgreSQL.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use checkpoint::audit::Actor;
use checkpoint::auth::Role;
use checkpoint::db::schema::{jobs, verifications};
use checkpoint::db::Db;
use checkpoint::jobs::{Runner, RunnerOptions};
use checkpoint::storage::{ContentHash, LocalStorage, Storage};
use checkpoint::verification::intake::{Intake, Submission};
use checkpoint::verification::precheck::checks::Thresholds;
use checkpoint::verification::precheck::PrecheckJob;
use checkpoint::verification::sweep::sweep_orphans;
use checkpoint::verification::upload::UploadLimits;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use image::{DynamicImage, GrayImage, ImageFormat, Luma};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

use crate::both_backends;
use crate::documents::{self, encode, random_certificate, styled, Layout, Style};
use crate::helpers::{
    assert_error, cli_token, migrated_db, spawn_app, Backend, ServerProcess, TestApp, TestDatabase,
};

both_backends!(
    clean_certificate_is_read_and_shown_only_to_staff,
    retries_with_an_idempotency_key_return_the_first_answer,
    hostile_uploads_are_refused_and_leave_nothing_behind,
    pdfs_are_read_by_their_text_or_their_scan,
    blurry_small_and_mistyped_images_are_flagged,
    sweep_removes_only_old_unreferenced_files,
    failing_precheck_ends_in_human_review,
    killed_during_ocr_the_job_completes_after_restart,
    the_same_certificate_in_another_file_is_flagged_and_distinct_ones_are_not,
);

/// OCR of a page takes a few seconds; on a loaded two-core machine, many more.
const PRECHECK_TIMEOUT: Duration = Duration::from_secs(240);

fn form(provider: &str, document_type: &str, claimed: &Value, file: Vec<u8>) -> Form {
    Form::new()
        .text("provider_id", provider.to_owned())
        .text("document_type", document_type.to_owned())
        .text("claimed", claimed.to_string())
        .part("file", Part::bytes(file).file_name("upload.bin"))
}

async fn submit(app: &TestApp, token: &str, form: Form, key: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/v1/verifications"))
        .bearer_auth(token)
        .multipart(form);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    request.send().await.expect("request")
}

/// Submits and returns the new item's id, checking the 202 answer.
async fn submit_ok(app: &TestApp, token: &str, form: Form) -> String {
    let response = submit(app, token, form, None).await;
    assert_eq!(response.status().as_u16(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "prechecking");
    let id = body["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/v1/verifications/{id}"));
    id
}

/// Polls the item until its pre-check is done.
async fn prechecked(app: &TestApp, token: &str, id: &str) -> Value {
    let started = Instant::now();
    loop {
        let item: Value = app
            .get(&format!("/v1/verifications/{id}"), Some(token))
            .await
            .json()
            .await
            .unwrap();
        if item["status"] != "prechecking" {
            return item;
        }
        assert!(
            started.elapsed() < PRECHECK_TIMEOUT,
            "pre-check of {id} did not finish: {item}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Submits a business registration for `provider` and waits for its pre-check; returns the id.
pub async fn submit_and_wait(app: &TestApp, token: &str, provider: &str, file: Vec<u8>) -> String {
    submit_claimed_and_wait(app, token, provider, &json!({}), file).await
}

/// The same, with the values the provider claims.
pub async fn submit_claimed_and_wait(
    app: &TestApp,
    token: &str,
    provider: &str,
    claimed: &Value,
    file: Vec<u8>,
) -> String {
    let id = submit_ok(
        app,
        token,
        form(provider, "business_registration", claimed, file),
    )
    .await;
    prechecked(app, token, &id).await;
    id
}

fn flag_codes(item: &Value) -> Vec<String> {
    item["precheck"]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

fn unspaced(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .collect()
}

fn row_count(db: &Db) -> i64 {
    let mut conn = db.get().unwrap();
    verifications::table.count().get_result(&mut conn).unwrap()
}

/// Every file under the storage folder (temporaries included).
pub fn stored_files(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out)
            } else {
                out.push(path)
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out
}

async fn clean_certificate_is_read_and_shown_only_to_staff(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, reviewer) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
    );
    let certificate = random_certificate(7, Layout::Corporate);
    let page = tokio::task::spawn_blocking(move || {
        let page = certificate.render(&documents::font());
        (certificate, styled(&page, Style::Clean, 7))
    });
    let (certificate, file) = page.await.unwrap();
    let claimed = json!({
        "business_number": certificate.business_number,
        "business_name": certificate.business_name.replace("주식회사 ", "(주)"),
        "representative": certificate.representative,
        "opened_on": certificate.opened_on.to_string(),
    });
    let id = submit_ok(
        &app,
        &platform,
        form("gosu-1", "business_registration", &claimed, file.clone()),
    )
    .await;

    let item = prechecked(&app, &reviewer, &id).await;
    assert_eq!(item["status"], "pending_review", "{item}");
    let analysis = &item["precheck"]["analysis"];
    let fields = &analysis["fields"];
    assert_eq!(analysis["source"], "image");
    assert_eq!(analysis["detected_type"], "business_registration");
    assert_eq!(fields["layout"], "registration");
    assert_eq!(
        fields["business_number"],
        certificate.business_number.as_str(),
        "{fields}"
    );
    assert_eq!(
        unspaced(&fields["representative"]),
        certificate.representative,
        "{fields}"
    );
    assert_eq!(
        fields["opened_on"],
        certificate.opened_on.to_string(),
        "{fields}"
    );
    assert_eq!(fields["corporate_layout"], true);
    let words = analysis["ocr"]["words"].as_array().unwrap();
    let number_word = words
        .iter()
        .find(|w| {
            w["text"]
                .as_str()
                .unwrap()
                .contains(&certificate.business_number)
        })
        .expect("the number's word box");
    assert!(
        number_word["confidence"].as_f64().unwrap() > 50.0
            && number_word["width"].as_i64().unwrap() > 0,
        "{number_word}"
    );
    let serious: Vec<&Value> = item["precheck"]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "low")
        .collect();
    assert!(
        serious.is_empty(),
        "a clean, matching certificate raised {serious:?}"
    );
    let clean_risk = item["risk_score"].as_i64().unwrap();
    assert!(clean_risk < 15, "{item}");
    // The platform sees the item too.
    assert_eq!(
        app.get(&format!("/v1/verifications/{id}"), Some(&platform))
            .await
            .status()
            .as_u16(),
        200
    );

    // The document itself only for staff, and every opening is audited.
    let code = assert_error(
        app.get(&format!("/v1/verifications/{id}/file"), Some(&platform))
            .await,
        403,
    )
    .await;
    assert_eq!(code, "forbidden");
    assert_error(
        app.get(&format!("/v1/verifications/{id}/file"), None).await,
        401,
    )
    .await;
    let served = app
        .get(&format!("/v1/verifications/{id}/file"), Some(&reviewer))
        .await;
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["cache-control"], "no-store");
    assert_eq!(served.bytes().await.unwrap().as_ref(), file.as_slice());
    let audit: Vec<Value> = app
        .get("/v1/audit", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit[0]["action"], "verification.file_viewed");
    assert_eq!(audit[0]["subject_id"], id.as_str());
    assert!(audit
        .iter()
        .any(|e| e["action"] == "verification.submitted" && e["subject_id"] == id.as_str()));

    // Another provider sends the very same file, claiming another business.
    let other_claim = json!({"business_number": "124-81-00998", "representative": "홍길동"});
    let copy = submit_ok(
        &app,
        &platform,
        form("gosu-2", "business_registration", &other_claim, file),
    )
    .await;
    let copy = prechecked(&app, &reviewer, &copy).await;
    let codes = flag_codes(&copy);
    for expected in [
        "duplicate_file",
        "number_mismatch",
        "representative_mismatch",
    ] {
        assert!(
            codes.iter().any(|c| c == expected),
            "{expected} missing from {codes:?}"
        );
    }
    assert!(
        copy["risk_score"].as_i64().unwrap() > clean_risk + 40,
        "{copy}"
    );
    let unknown = uuid::Uuid::new_v4();
    assert_eq!(
        assert_error(
            app.get(&format!("/v1/verifications/{unknown}"), Some(&reviewer))
                .await,
            404
        )
        .await,
        "not_found"
    );
    assert_eq!(
        assert_error(
            app.get("/v1/verifications/not-a-uuid", Some(&reviewer))
                .await,
            400
        )
        .await,
        "invalid_id"
    );
}

fn small_page() -> Vec<u8> {
    encode(
        &DynamicImage::ImageLuma8(GrayImage::from_pixel(1240, 1754, Luma([255]))),
        ImageFormat::Png,
    )
}

async fn retries_with_an_idempotency_key_return_the_first_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;
    let claimed = json!({"business_number": "220-81-62517"});
    let first = submit(
        &app,
        &platform,
        form("gosu-1", "business_registration", &claimed, small_page()),
        Some("retry-1"),
    )
    .await;
    assert_eq!(first.status().as_u16(), 202);
    let first: Value = first.json().await.unwrap();
    let again = submit(
        &app,
        &platform,
        form("gosu-1", "business_registration", &claimed, small_page()),
        Some("retry-1"),
    )
    .await;
    assert_eq!(again.status().as_u16(), 202);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(row_count(&app.db), 1);

    // The same key for a different submission is a client bug, not a retry.
    let other = submit(
        &app,
        &platform,
        form("gosu-2", "business_registration", &claimed, small_page()),
        Some("retry-1"),
    )
    .await;
    assert_eq!(assert_error(other, 409).await, "idempotency_key_reused");
    let bad_key = submit(
        &app,
        &platform,
        form("gosu-2", "business_registration", &claimed, small_page()),
        Some(&"k".repeat(300)),
    )
    .await;
    assert_eq!(assert_error(bad_key, 400).await, "invalid_idempotency_key");
    assert_eq!(row_count(&app.db), 1);
}

/// The CRC of a PNG chunk (type and data).
fn png_crc(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A small real PNG whose header claims 20000×20000 pixels (1.6 GB of RGBA once decoded).
fn png_bomb() -> Vec<u8> {
    let mut png = encode(
        &DynamicImage::ImageRgba8(image::RgbaImage::new(8, 8)),
        ImageFormat::Png,
    );
    // IHDR: length at 8, type at 12, width and height at 16 and 20, CRC at 29.
    png[16..20].copy_from_slice(&20000u32.to_be_bytes());
    png[20..24].copy_from_slice(&20000u32.to_be_bytes());
    let crc = png_crc(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// Sends a request head and body from another thread and returns the status line the server
/// answers with; the body may be refused before it is all sent.
fn raw_status(
    address: &str,
    head: String,
    body: impl FnOnce(&mut TcpStream) + Send + 'static,
) -> String {
    let mut stream = TcpStream::connect(address.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        if writer.write_all(head.as_bytes()).is_ok() {
            body(&mut writer)
        }
    });
    let mut response = Vec::new();
    let mut buf = [0u8; 4096];
    while !response.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => response.extend_from_slice(&buf[..n]),
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    sender.join().unwrap();
    String::from_utf8_lossy(&response)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

async fn hostile_uploads_are_refused_and_leave_nothing_behind(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, reviewer) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
    );
    let mut truncated_jpeg = documents::jpeg(
        &DynamicImage::ImageLuma8(GrayImage::from_pixel(900, 1200, Luma([200]))),
        90,
    );
    truncated_jpeg.truncate(truncated_jpeg.len() / 2);
    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec();
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("png bomb", png_bomb(), 400, "image_too_large"),
        ("truncated jpeg", truncated_jpeg, 400, "corrupt_image"),
        ("html named .png", html, 415, "unsupported_media_type"),
        ("empty file", Vec::new(), 400, "empty_file"),
        (
            "broken pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not a PDF".to_vec(),
            400,
            "unreadable_pdf",
        ),
    ];
    for (name, file, status, code) in cases {
        let part = Part::bytes(file)
            .file_name("document.png")
            .mime_str("image/png")
            .unwrap();
        let form = Form::new()
            .text("provider_id", "gosu-1")
            .text("document_type", "business_registration")
            .part("file", part);
        let response = submit(&app, &platform, form, None).await;
        assert_eq!(assert_error(response, status).await, code, "{name}");
    }

    let fields = |skip: &str, extra: Option<(&str, &str)>| {
        let mut form = Form::new();
        for (name, value) in [
            ("provider_id", "gosu-1"),
            ("document_type", "business_registration"),
        ] {
            if name != skip {
                form = form.text(name, value);
            }
        }
        if let Some((name, value)) = extra {
            form = form.text(name.to_owned(), value.to_owned());
        }
        if skip != "file" {
            form = form.part("file", Part::bytes(small_page()));
        }
        form
    };
    let form_cases = [
        (fields("file", None), "missing_field"),
        (fields("provider_id", None), "missing_field"),
        (fields("", Some(("color", "blue"))), "unknown_field"),
        (
            fields("", Some(("provider_id", "again"))),
            "duplicate_field",
        ),
        (
            fields(
                "",
                Some(("claimed", "{\"business_number\": \"124-81-00990\"}")),
            ),
            "invalid_business_number",
        ),
        (
            fields("", Some(("claimed", "{\"ceo\": \"me\"}"))),
            "invalid_claimed",
        ),
        (
            fields("document_type", Some(("document_type", "passport"))),
            "invalid_document_type",
        ),
        (
            fields("provider_id", Some(("provider_id", ""))),
            "invalid_provider_id",
        ),
    ];
    for (form, code) in form_cases {
        assert_eq!(
            assert_error(submit(&app, &platform, form, None).await, 400).await,
            code
        );
    }
    let json_body = app
        .post_json(
            "/v1/verifications",
            &platform,
            &json!({"provider_id": "gosu-1"}),
        )
        .await;
    assert_eq!(assert_error(json_body, 415).await, "unsupported_media_type");
    let unauthenticated = app
        .client
        .post(app.url("/v1/verifications"))
        .multipart(fields("", None))
        .send()
        .await
        .unwrap();
    assert_error(unauthenticated, 401).await;
    assert_eq!(
        assert_error(submit(&app, &reviewer, fields("", None), None).await, 403).await,
        "forbidden"
    );

    // 100 MB, declared up front: refused before the body is read.
    let boundary = "checkpointboundary";
    let declared = 100 * 1024 * 1024;
    let head = format!(
        "POST /v1/verifications HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {platform}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {declared}\r\n\r\n"
    );
    let status = raw_status(&app.address, head, |stream| {
        let _ = stream.write_all(&vec![b'x'; 1024 * 1024]);
    });
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    // 100 MB streamed with no length: refused once the file passes the limit.
    let head = format!(
        "POST /v1/verifications HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {platform}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    let status = raw_status(&app.address, head, move |stream| {
        let opening = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\n\
             Content-Type: image/png\r\n\r\n"
        );
        let chunk = vec![0u8; 1024 * 1024];
        let mut send = |data: &[u8]| {
            write!(stream, "{:x}\r\n", data.len())
                .and_then(|_| stream.write_all(data))
                .and_then(|_| stream.write_all(b"\r\n"))
        };
        if send(opening.as_bytes()).is_err() {
            return;
        }
        for _ in 0..100 {
            if send(&chunk).is_err() {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    });
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");

    // Still serving, and nothing was kept of any of it.
    assert_eq!(app.get("/healthz", None).await.status().as_u16(), 200);
    assert_eq!(
        submit(&app, &platform, fields("", None), None)
            .await
            .status()
            .as_u16(),
        202,
        "a good upload after the bad ones"
    );
    assert_eq!(row_count(&app.db), 1);
    let files = stored_files(&app.database.dir.path().join("files"));
    assert_eq!(files.len(), 1, "only the good upload is stored: {files:?}");
    assert_eq!(
        files[0].file_name().unwrap().to_str().unwrap(),
        ContentHash::of(&small_page()).as_str()
    );
}

async fn pdfs_are_read_by_their_text_or_their_scan(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, reviewer) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
    );
    let files = tokio::task::spawn_blocking(|| {
        let exported = random_certificate(11, Layout::Individual);
        let text_pdf = documents::pdf::text_pdf(&exported.text_lines());
        let scanned = random_certificate(12, Layout::Individual);
        let page = scanned.render(&documents::font());
        let jpeg = documents::jpeg(&DynamicImage::ImageLuma8(page.clone()), 85);
        let scan_pdf = documents::pdf::scan_pdf(&jpeg, page.width(), page.height());
        [(exported, text_pdf), (scanned, scan_pdf)]
    })
    .await
    .unwrap();
    for ((certificate, pdf), source) in files.into_iter().zip(["pdf_text", "pdf_scan"]) {
        let claimed = json!({"business_number": certificate.business_number, "business_name": certificate.business_name});
        let id = submit_ok(
            &app,
            &platform,
            form("gosu-pdf", "business_registration", &claimed, pdf),
        )
        .await;
        let item = prechecked(&app, &reviewer, &id).await;
        let analysis = &item["precheck"]["analysis"];
        assert_eq!(item["file"]["file_type"], "pdf");
        assert_eq!(analysis["source"], source, "{item}");
        assert_eq!(
            analysis["fields"]["business_number"],
            certificate.business_number.as_str(),
            "{source}: {analysis}"
        );
        assert_eq!(
            unspaced(&analysis["fields"]["representative"]),
            certificate.representative,
            "{source}"
        );
        assert_eq!(analysis["fields"]["corporate_layout"], false);
        assert!(
            !flag_codes(&item).iter().any(|c| c.contains("mismatch")),
            "{source}: {:?}",
            flag_codes(&item)
        );
        let served = app
            .get(&format!("/v1/verifications/{id}/file"), Some(&reviewer))
            .await;
        assert_eq!(served.headers()["content-type"], "application/pdf");
    }
}

async fn blurry_small_and_mistyped_images_are_flagged(backend: Backend) {
    let app = spawn_app(backend).await;
    let (platform, reviewer) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
    );
    let files = tokio::task::spawn_blocking(|| {
        let page = random_certificate(31, Layout::Individual).render(&documents::font());
        let blurred = image::imageops::blur(&page, 6.0);
        let tiny = image::imageops::resize(&page, 420, 594, image::imageops::FilterType::Triangle);
        let licence = random_certificate(32, Layout::License).render(&documents::font());
        [blurred, tiny, licence].map(|p| encode(&DynamicImage::ImageLuma8(p), ImageFormat::Png))
    })
    .await
    .unwrap();
    let expected = ["image_blurry", "image_too_small", "wrong_document_type"];
    for (file, flag) in files.into_iter().zip(expected) {
        let id = submit_ok(
            &app,
            &platform,
            form("gosu-3", "business_registration", &json!({}), file),
        )
        .await;
        let item = prechecked(&app, &reviewer, &id).await;
        let codes = flag_codes(&item);
        assert!(
            codes.iter().any(|c| c == flag),
            "{flag} missing from {codes:?}"
        );
        assert!(item["risk_score"].as_i64().unwrap() >= 15, "{item}");
    }
}

fn upload_limits() -> UploadLimits {
    UploadLimits {
        max_bytes: 15 * 1024 * 1024,
        max_width: 10_000,
        max_height: 10_000,
        max_alloc: 512 * 1024 * 1024,
    }
}

async fn domain_intake(backend: Backend) -> (TestDatabase, Intake, Arc<dyn Storage>) {
    let (database, db) = migrated_db(backend).await;
    let storage: Arc<dyn Storage> =
        Arc::new(LocalStorage::new(database.dir.path().join("files")).unwrap());
    let intake = Intake {
        db,
        storage: storage.clone(),
        limits: upload_limits(),
        precheck_max_attempts: 3,
    };
    (database, intake, storage)
}

fn submission(provider: &str, file: Vec<u8>) -> Submission {
    Submission {
        provider_id: Some(provider.to_owned()),
        document_type: Some("business_registration".to_owned()),
        claimed: None,
        file: Some(file),
    }
}

fn age_file(root: &std::path::Path, hash: &ContentHash, by: Duration) {
    let path = root.join(&hash.as_str()[..2]).join(hash.as_str());
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() - by)
        .unwrap();
}

async fn sweep_removes_only_old_unreferenced_files(backend: Backend) {
    let (database, intake, storage) = domain_intake(backend).await;
    let root = database.dir.path().join("files");
    let referenced = intake
        .submit(&Actor::cli(), submission("gosu-1", small_page()), None)
        .await
        .unwrap();
    let referenced = ContentHash::parse(&referenced.file_sha256).unwrap();
    // A file whose row never committed (the process died between the two), and one being
    // uploaded right now whose row is about to be.
    let orphan = storage.put(b"left behind by a crash").await.unwrap();
    let fresh = storage.put(b"row about to be committed").await.unwrap();
    let hour = Duration::from_secs(3600);
    age_file(&root, &referenced, 2 * hour);
    age_file(&root, &orphan, 2 * hour);

    let report = sweep_orphans(&intake.db, &storage, hour).await.unwrap();
    assert_eq!((report.examined, report.removed), (3, 1), "{report:?}");
    assert!(
        storage.get(&orphan).await.is_err(),
        "the old orphan is gone"
    );
    assert!(
        storage.get(&referenced).await.is_ok(),
        "a referenced file stays, however old"
    );
    assert!(
        storage.get(&fresh).await.is_ok(),
        "a young file may still get its row"
    );
    // Sweeping again finds nothing more to do.
    assert_eq!(
        sweep_orphans(&intake.db, &storage, hour)
            .await
            .unwrap()
            .removed,
        0
    );
}

async fn failing_precheck_ends_in_human_review(backend: Backend) {
    let (database, intake, storage) = domain_intake(backend).await;
    let item = intake
        .submit(&Actor::cli(), submission("gosu-1", small_page()), None)
        .await
        .unwrap();
    // The stored file disappears (a storage outage): every attempt fails.
    let hash = ContentHash::parse(&item.file_sha256).unwrap();
    std::fs::remove_file(
        database
            .dir
            .path()
            .join("files")
            .join(&hash.as_str()[..2])
            .join(hash.as_str()),
    )
    .unwrap();
    let handler = PrecheckJob {
        storage,
        io: tokio::runtime::Handle::current(),
        limits: upload_limits(),
        thresholds: Thresholds::default(),
        tessdata: None,
    };
    let options = RunnerOptions {
        workers: 1,
        lease: Duration::from_secs(30),
        poll_interval: Duration::from_millis(20),
        base_backoff: Duration::from_millis(10),
    };
    let runner = Runner::start(intake.db.clone(), Arc::new(handler), options);
    let started = Instant::now();
    let row = loop {
        let row = checkpoint::verification::items::find(&intake.db, &Actor::cli(), item.id.clone())
            .await
            .unwrap();
        if row.status.as_str() != "prechecking" {
            break row;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never left prechecking"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    tokio::task::spawn_blocking(move || runner.stop())
        .await
        .unwrap();
    assert_eq!(row.status.as_str(), "pending_review");
    let flags = &row.precheck.as_ref().unwrap()["flags"];
    assert_eq!(flags[0]["code"], "precheck_failed", "{flags}");
    assert!(
        flags[0]["message"].as_str().unwrap().contains("3 times"),
        "{flags}"
    );
    let mut conn = intake.db.get().unwrap();
    let (status, attempts): (String, i32) = jobs::table
        .select((jobs::status, jobs::attempts))
        .first(&mut conn)
        .unwrap();
    assert_eq!((status.as_str(), attempts), ("failed", 3));
}

/// Kills the real server with SIGKILL while Tesseract reads a page, starts it again and checks
/// that the job is picked up once its lease runs out and the item is not lost.
async fn killed_during_ocr_the_job_completes_after_restart(backend: Backend) {
    let database = tokio::task::spawn_blocking(move || TestDatabase::create(backend))
        .await
        .unwrap();
    let certificate = random_certificate(21, Layout::Individual);
    let file = tokio::task::spawn_blocking({
        let certificate = certificate.clone();
        move || styled(&certificate.render(&documents::font()), Style::Clean, 21)
    })
    .await
    .unwrap();
    tokio::task::spawn_blocking(move || {
        let env = [
            ("CHECKPOINT_JOB_LEASE_SECS", "3"),
            ("CHECKPOINT_PRECHECK_WORKERS", "1"),
            ("CHECKPOINT_JOB_POLL_INTERVAL_MS", "20"),
        ];
        let platform = cli_token(&database, "platform");
        let db = Db::connect(&database.url, 2).unwrap();
        let job_state = || -> (String, i32) {
            let mut conn = db.get().unwrap();
            jobs::table
                .filter(jobs::kind.eq("precheck"))
                .select((jobs::status, jobs::attempts))
                .first(&mut conn)
                .unwrap()
        };
        let client = reqwest::blocking::Client::new();
        let mut server = ServerProcess::start(&database, &env);
        let claimed = json!({"business_number": certificate.business_number});
        let form = reqwest::blocking::multipart::Form::new()
            .text("provider_id", "gosu-1")
            .text("document_type", "business_registration")
            .text("claimed", claimed.to_string())
            .part("file", reqwest::blocking::multipart::Part::bytes(file));
        let response = client
            .post(format!("http://{}/v1/verifications", server.address))
            .bearer_auth(&platform)
            .multipart(form)
            .send()
            .unwrap();
        assert_eq!(response.status().as_u16(), 202);
        let id = response.json::<Value>().unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let started = Instant::now();
        while job_state().0 != "running" {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the job never started"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(300));
        kill(Pid::from_raw(server.child.id() as i32), Signal::SIGKILL).unwrap();
        server.child.wait().unwrap();
        assert_eq!(
            job_state(),
            ("running".to_owned(), 1),
            "the kill landed mid-job"
        );

        let server = ServerProcess::start(&database, &env);
        let started = Instant::now();
        let item = loop {
            let item: Value = client
                .get(format!("http://{}/v1/verifications/{id}", server.address))
                .bearer_auth(&platform)
                .send()
                .unwrap()
                .json()
                .unwrap();
            if item["status"] != "prechecking" {
                break item;
            }
            assert!(
                started.elapsed() < PRECHECK_TIMEOUT,
                "not finished after the restart: {item}"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        assert_eq!(item["status"], "pending_review");
        assert_eq!(
            item["precheck"]["analysis"]["fields"]["business_number"],
            certificate.business_number.as_str(),
            "{item}"
        );
        assert_eq!(job_state(), ("done".to_owned(), 2));
    })
    .await
    .unwrap();
}

/// Certificates on the tax office's form all look alike to an image hash; only what is read on
/// them tells them apart. The same certificate as a scan, a phone photo and a PDF is one document
/// (flagged on the later uploads, naming the first), two certificates on the same form are two.
async fn the_same_certificate_in_another_file_is_flagged_and_distinct_ones_are_not(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (platform, reviewer) = (
        app.token(Role::Platform).await,
        app.token(Role::Reviewer).await,
    );
    let (original, other) = (
        random_certificate(61, Layout::Individual),
        random_certificate(62, Layout::Individual),
    );
    let (first, second) = (original.clone(), other.clone());
    let files = tokio::task::spawn_blocking(move || {
        let font = documents::font();
        let page = first.page(&font, documents::Form::TaxOffice);
        [
            styled(&page, Style::Clean, 61),
            styled(&page, Style::Photographed, 61),
            styled(&page, Style::ImagePdf, 61),
            styled(
                &second.page(&font, documents::Form::TaxOffice),
                Style::Clean,
                62,
            ),
        ]
    })
    .await
    .unwrap();
    let claims =
        [&original, &original, &original, &other].map(|c| serde_json::to_value(c.claim()).unwrap());
    let mut items = Vec::new();
    for (n, (file, claim)) in files.into_iter().zip(claims).enumerate() {
        let provider = format!("gosu-dup-{n}");
        let id = submit_ok(
            &app,
            &platform,
            form(&provider, "business_registration", &claim, file),
        )
        .await;
        // One after another: "earlier" is the order of submission.
        items.push((id.clone(), prechecked(&app, &reviewer, &id).await));
    }
    let duplicate = |item: &Value| {
        item["precheck"]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "duplicate_document")
            .cloned()
    };
    let (first_id, first) = &items[0];
    assert_eq!(
        duplicate(first),
        None,
        "the original: {:?}",
        flag_codes(first)
    );
    for (_, copy) in &items[1..3] {
        let flag = duplicate(copy).unwrap_or_else(|| panic!("a copy: {:?}", flag_codes(copy)));
        assert_eq!(flag["severity"], "high");
        assert_eq!(flag["facts"]["item"], first_id.as_str());
        assert_eq!(flag["facts"]["provider"], "gosu-dup-0");
        assert_eq!(flag["facts"]["key"], original.business_number.as_str());
    }
    let (_, distinct) = &items[3];
    assert_eq!(duplicate(distinct), None, "{:?}", flag_codes(distinct));
    // Genuine certificates on the real form are what they were declared to be.
    for (_, item) in &items {
        let codes = flag_codes(item);
        assert!(
            !codes
                .iter()
                .any(|c| c == "wrong_document_type" || c == "document_type_unrecognised"),
            "{codes:?}"
        );
    }
}
