use serde_json::json;

use crate::both_backends;
use checkpoint::auth::Role;

use crate::helpers::{assert_error, spawn_app, Backend};

both_backends!(
    bad_json_is_400,
    wrong_content_type_is_415,
    oversized_body_is_413,
    unknown_route_and_method_are_json,
    bad_path_and_query_are_400,
    roles_are_checked_before_the_body,
    parser_errors_are_json,
);

async fn bad_json_is_400(backend: Backend) {
    let app = spawn_app(backend).await;
    let send = |body: &'static str| {
        app.client
            .post(app.url("/v1/tokens"))
            .bearer_auth(&app.admin_token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    assert_eq!(
        assert_error(send("{\"name\": ").await.unwrap(), 400).await,
        "invalid_json"
    );
    assert_eq!(
        assert_error(send("not json at all").await.unwrap(), 400).await,
        "invalid_json"
    );
    assert_eq!(
        assert_error(send("").await.unwrap(), 400).await,
        "invalid_json"
    );
    assert_eq!(
        assert_error(
            send("{\"name\": \"x\", \"role\": \"root\"}").await.unwrap(),
            400
        )
        .await,
        "invalid_body"
    );
    assert_eq!(
        assert_error(send("{\"name\": \"x\"}").await.unwrap(), 400).await,
        "invalid_body"
    );
    assert_eq!(
        assert_error(
            send("{\"name\": \"x\", \"role\": \"ops\", \"extra\": 1}")
                .await
                .unwrap(),
            400
        )
        .await,
        "invalid_body"
    );
    assert_eq!(
        assert_error(send("[1, 2, 3]").await.unwrap(), 400).await,
        "invalid_body"
    );
    let blank = app
        .post_json(
            "/v1/tokens",
            &app.admin_token,
            &json!({"name": "  ", "role": "ops"}),
        )
        .await;
    assert_eq!(assert_error(blank, 400).await, "invalid_name");
    let control = app
        .post_json(
            "/v1/tokens",
            &app.admin_token,
            &json!({"name": "a\u{0}b", "role": "ops"}),
        )
        .await;
    assert_eq!(assert_error(control, 400).await, "invalid_name");
}

async fn wrong_content_type_is_415(backend: Backend) {
    let app = spawn_app(backend).await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let response = app
            .client
            .post(app.url("/v1/tokens"))
            .bearer_auth(&app.admin_token)
            .header("content-type", content_type)
            .body("{\"name\": \"x\", \"role\": \"ops\"}")
            .send()
            .await
            .unwrap();
        assert_eq!(
            assert_error(response, 415).await,
            "unsupported_media_type",
            "{content_type}"
        );
    }
}

async fn oversized_body_is_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let huge = json!({"name": "x".repeat(200_000), "role": "ops"});
    let response = app.post_json("/v1/tokens", &app.admin_token, &huge).await;
    assert_eq!(assert_error(response, 413).await, "payload_too_large");
    // The server is still answering afterwards.
    assert_eq!(app.get("/healthz", None).await.status().as_u16(), 200);
}

async fn unknown_route_and_method_are_json(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(
        assert_error(app.get("/nowhere", None).await, 404).await,
        "not_found"
    );
    assert_eq!(
        assert_error(app.get("/v1/nowhere", Some(&app.admin_token)).await, 404).await,
        "not_found"
    );
    let response = app.client.put(app.url("/healthz")).send().await.unwrap();
    assert_eq!(assert_error(response, 405).await, "method_not_allowed");
    let response = app
        .client
        .patch(app.url("/v1/tokens"))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(assert_error(response, 405).await, "method_not_allowed");
}

async fn bad_path_and_query_are_400(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .client
        .delete(app.url("/v1/tokens/not-a-uuid"))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(assert_error(response, 400).await, "invalid_id");
    let missing = format!("/v1/tokens/{}", uuid::Uuid::new_v4());
    let response = app
        .client
        .delete(app.url(&missing))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(assert_error(response, 404).await, "not_found");
    for query in [
        "limit=abc",
        "limit=0",
        "limit=100000",
        "before=x",
        "surprise=1",
    ] {
        let response = app
            .get(&format!("/v1/audit?{query}"), Some(&app.admin_token))
            .await;
        assert_eq!(
            assert_error(response, 400).await,
            "invalid_query",
            "{query}"
        );
    }
    // Percent-encoded bytes that are not UTF-8 are refused, not decoded lossily into another id;
    // encoded UTF-8 still reaches its route.
    for path in [
        "/v1/users/%ff%fe/history",
        "/v1/users/gosu%C0%80/standing",
        "/v1/providers/%80/verification",
    ] {
        assert_eq!(
            assert_error(app.get(path, Some(&app.admin_token)).await, 400).await,
            "invalid_id",
            "{path}"
        );
    }
    let korean = app
        .get(
            "/v1/users/%EA%B3%A0%EC%88%98/history",
            Some(&app.admin_token),
        )
        .await;
    assert_eq!(korean.status().as_u16(), 200);
}

async fn roles_are_checked_before_the_body(backend: Backend) {
    let app = spawn_app(backend).await;
    let platform = app.token(Role::Platform).await;
    // The wrong role is 403 and no token 401, whatever the body: missing, not JSON, malformed.
    for (content_type, body) in [
        (None, ""),
        (Some("text/plain"), "x"),
        (Some("application/json"), "{\"name\": "),
    ] {
        let send = |token: Option<&str>| {
            let mut request = app.client.post(app.url("/v1/tokens"));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            request.body(body).send()
        };
        assert_eq!(
            assert_error(send(Some(&platform)).await.unwrap(), 403).await,
            "forbidden",
            "{content_type:?} {body:?}"
        );
        assert_eq!(
            assert_error(send(None).await.unwrap(), 401).await,
            "unauthorized",
            "{content_type:?} {body:?}"
        );
        assert_eq!(
            assert_error(send(Some("unknown-token")).await.unwrap(), 401).await,
            "unauthorized"
        );
    }
    // A multipart route likewise, before its form is read.
    let reviewer = app.token(Role::Reviewer).await;
    let response = app
        .client
        .post(app.url("/v1/appeals"))
        .bearer_auth(&reviewer)
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(assert_error(response, 403).await, "forbidden");
    // With the role, the body is judged.
    let response = app
        .client
        .post(app.url("/v1/tokens"))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(assert_error(response, 415).await, "unsupported_media_type");
}

/// Requests the HTTP parser refuses before any route runs: the answer is still the usual JSON
/// error, and the server keeps serving.
async fn parser_errors_are_json(backend: Backend) {
    let app = spawn_app(backend).await;
    let big = "a".repeat(1 << 20);
    let many: String = (0..10_000)
        .map(|i| format!("X-Header-{i}: v\r\n"))
        .collect();
    let cases: [(&str, Vec<u8>, u16, &str); 5] = [
        (
            "a 1 MB header",
            format!("GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n").into_bytes(),
            431,
            "headers_too_large",
        ),
        (
            "a 1 MB Authorization header",
            format!("GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {big}\r\n\r\n")
                .into_bytes(),
            431,
            "headers_too_large",
        ),
        (
            "10,000 headers",
            format!("GET /v1/me HTTP/1.1\r\nHost: x\r\n{many}\r\n").into_bytes(),
            431,
            "headers_too_large",
        ),
        (
            "raw invalid bytes in the path",
            b"GET /v1/users/\xff\xfe/history HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
            "malformed_request",
        ),
        (
            "a control byte in the path",
            b"GET /v1/users/a\x01b/history HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
            400,
            "malformed_request",
        ),
    ];
    for (what, request, status, code) in cases {
        let (head, body) = raw_exchange(&app.address, request).await;
        let status_line = head.lines().next().unwrap_or_default();
        assert!(
            status_line.starts_with(&format!("HTTP/1.1 {status} ")),
            "{what}: {status_line}"
        );
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{what}: {head}"
        );
        let error: serde_json::Value = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{what}: body is not JSON ({e}): {body:?}"));
        assert_eq!(error["error"], code, "{what}");
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}"
        );
    }
    assert_eq!(app.get("/healthz", None).await.status().as_u16(), 200);
}

/// Sends `request` as raw bytes on a new connection and reads the answer until the server closes
/// it. The writer runs beside the reader: the server answers (and stops reading) before a large
/// request is fully sent.
async fn raw_exchange(address: &str, request: Vec<u8>) -> (String, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(address.trim_start_matches("http://"))
        .await
        .unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let writing = tokio::spawn(async move {
        // The server may close before it has read everything; that is the point.
        let _ = writer.write_all(&request).await;
        writer
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let mut chunk = [0u8; 4096];
        loop {
            match reader.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server did not close the connection");
    drop(writing.await);
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(&answer)));
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    (head, answer[split + 4..].to_vec())
}
