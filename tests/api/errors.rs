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
